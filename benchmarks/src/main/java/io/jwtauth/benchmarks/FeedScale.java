package io.jwtauth.benchmarks;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthMetrics;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.testing.HookedStores;
import io.jwtauth.jdbc.JdbcStores;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The revocation feed at scale: {@code nodes} separate {@link AuthService}s, each with its own pool, on one
 * database holding 100,000 sessions, while writers spread over the nodes revoke distinct sessions at a paced
 * rate. For each change it records the time from its commit to the moment each node's feed read returned it
 * (one JVM, so one monotonic clock), and reports p50/p99 propagation, feed rows read per node per poll against
 * changes made, and the CPU the feed threads used per node.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.jwtauth.benchmarks.FeedScale JDBC_URL|REDIS_URL
 * [changes-per-second=5000] [seconds=15] [nodes=8] [notify=true] [writer-threads=16]}. On a database it drops and recreates jwtauth's
 * tables; on Redis ({@code redis://…}) it writes under a key prefix of its own, reports the Redis server's CPU beside
 * the nodes', and {@code notify} is the stream's push ({@code XREAD BLOCK}).
 */
public final class FeedScale {
    private static final int SESSIONS = 100_000;
    private static final Map<String, Long> COMMITTED = new ConcurrentHashMap<>();

    private FeedScale() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int nodeCount = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        boolean notify = args.length <= 4 || Boolean.parseBoolean(args[4]);
        boolean redis = url.startsWith("redis");
        Map<String, String> raw = new HashMap<>(Map.of("jwtauth.key.secret", "feed-scale-secret-0123456789abcdef",
                "jwtauth.issuer", "feed-scale"));
        List<String> ids;
        RedisCpu redisCpu = null;
        if (redis) {
            raw.put("jwtauth.redis.url", url);
            raw.put("jwtauth.redis.key-prefix", "feed-scale-" + System.currentTimeMillis());
            redisCpu = new RedisCpu(url);
        } else {
            BenchDatabase.reset(url);
            raw.putAll(Map.of("jwtauth.jdbc.url", url, "jwtauth.jdbc.schema.create", "true", "jwtauth.jdbc.pool-size", "6",
                    "jwtauth.jdbc.notify", Boolean.toString(notify)));
        }
        Settings settings = Settings.of(raw);

        List<Recorder> recorders = new ArrayList<>();
        List<AuthService> nodes = new ArrayList<>();
        List<SessionStore> writersStores = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            Recorder recorder = new Recorder(redis ? redisNode(settings, notify) : JdbcStores.create(settings));
            recorders.add(recorder);
            writersStores.add(recorder.provider.sessionStore());
        }
        ids = redis ? seed(writersStores) : seed(url);
        // The nodes get the recorders' providers as they are: without the Redis URL, which would put sessions in a
        // store of its own beside them.
        Map<String, String> nodeSettings = new HashMap<>(raw);
        nodeSettings.keySet().removeIf(key -> key.startsWith("jwtauth.redis."));
        for (Recorder recorder : recorders) {
            nodes.add(JwtAuth.builder().settings(nodeSettings).provider(recorder.provider).build());
        }
        Thread.sleep(2000); // every poller has started and read its start window
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = feedCpuNanos(threads);
        double redisCpuBefore = redisCpu == null ? 0 : redisCpu.seconds();
        long[] rowsBefore = new long[nodeCount];
        long[] pollsBefore = new long[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            rowsBefore[i] = nodes.get(i).metrics().feedRowsRead();
            pollsBefore[i] = nodes.get(i).metrics().feedPolls();
        }

        int writerThreads = args.length > 5 ? Integer.parseInt(args[5]) : Math.max(nodeCount, 16);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong nextSlot = new AtomicLong(start);
        AtomicInteger nextSession = new AtomicInteger();
        AtomicLong made = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(writerThreads);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writerThreads; w++) {
            SessionStore store = writersStores.get(w % nodeCount);
            done.add(writers.submit(() -> {
                while (true) {
                    long slot = nextSlot.getAndAdd(intervalNanos);
                    if (slot >= end) {
                        return null;
                    }
                    long wait = slot - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    int index = nextSession.getAndIncrement();
                    if (index >= ids.size()) {
                        return null;
                    }
                    String id = ids.get(index);
                    Instant now = Instant.now();
                    if (store.revoke(id, now)) {
                        COMMITTED.put(id, System.nanoTime());
                        made.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        long writeNanos = System.nanoTime() - start;
        Thread.sleep(3000); // let every node catch up
        long cpuAfter = feedCpuNanos(threads);
        long elapsedNanos = System.nanoTime() - start;
        double redisCpuSeconds = redisCpu == null ? 0 : redisCpu.seconds() - redisCpuBefore;

        List<Long> latencies = new ArrayList<>();
        long missing = 0;
        for (Recorder recorder : recorders) {
            for (Map.Entry<String, Long> commit : COMMITTED.entrySet()) {
                Long seen = recorder.seen.get(commit.getKey());
                if (seen == null) {
                    missing++;
                } else {
                    latencies.add(Math.max(0, seen - commit.getValue()));
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("feed scale: %s, %d nodes, %d sessions, notify=%s, %d writer threads%n", url.replaceAll("\\?.*", ""), nodeCount,
                SESSIONS, notify, writerThreads);
        System.out.printf("  changes made: %d in %.1f s = %.0f/s (target %d/s)%n", made.get(), writeNanos / 1e9,
                made.get() / (writeNanos / 1e9), rate);
        System.out.printf("  propagation over %d (change, node) pairs, %d never seen: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                sorted.length, missing, Percentiles.of(sorted, 0.50) / 1e6, Percentiles.of(sorted, 0.99) / 1e6, sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
        for (int i = 0; i < nodeCount; i++) {
            AuthMetrics metrics = nodes.get(i).metrics();
            long rows = metrics.feedRowsRead() - rowsBefore[i];
            long polls = metrics.feedPolls() - pollsBefore[i];
            System.out.printf("  node %d: %d feed rows read for %d changes made (%.3f per change), %d polls, %.1f rows per poll%n",
                    i, rows, made.get(), rows / (double) made.get(), polls, rows / (double) Math.max(1, polls));
        }
        System.out.printf("  feed CPU per node: %.1f ms/s (%.2f %% of one core), over %.1f s%n",
                (cpuAfter - cpuBefore) / 1e6 / nodeCount / (elapsedNanos / 1e9),
                (cpuAfter - cpuBefore) / (double) nodeCount / elapsedNanos * 100, elapsedNanos / 1e9);
        if (redisCpu != null) {
            System.out.printf("  redis server CPU: %.1f %% of one core over %.1f s%n", redisCpuSeconds / (elapsedNanos / 1e9) * 100,
                    elapsedNanos / 1e9);
            redisCpu.close();
        }
        nodes.forEach(AuthService::close);
        writers.shutdown();
    }

    /** A node on Redis: sessions there, users in memory (the feed needs none), push on or off. */
    private static io.jwtauth.core.spi.StoreProvider redisNode(Settings settings, boolean push) {
        io.jwtauth.core.spi.SessionBackend backend = new io.jwtauth.redis.RedisStoreFactory().create(settings);
        io.jwtauth.core.spi.StoreProvider stores = new io.jwtauth.core.memory.InMemoryStores(new io.jwtauth.core.memory.InMemoryIdentityStore())
                .withSessionsIn(backend);
        if (push) {
            return stores;
        }
        return new io.jwtauth.core.spi.StoreProvider() { // the same, without the stream's push
            @Override
            public io.jwtauth.core.spi.IdentityStore identityStore() {
                return stores.identityStore();
            }

            @Override
            public SessionStore sessionStore() {
                SessionStore store = stores.sessionStore();
                return (SessionStore) java.lang.reflect.Proxy.newProxyInstance(SessionStore.class.getClassLoader(),
                        new Class<?>[] {SessionStore.class}, (self, method, methodArgs) -> method.getName().equals("onChanges")
                                ? (AutoCloseable) () -> { } : method.invoke(store, methodArgs));
            }

            @Override
            public void close() {
                stores.close();
            }
        };
    }

    /** 100,000 live sessions written through the store (16 writers), as logins would. */
    private static List<String> seed(List<SessionStore> stores) throws Exception {
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>(SESSIONS));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ExecutorService seeders = Executors.newFixedThreadPool(16);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 16; w++) {
            int first = w;
            SessionStore store = stores.get(w % stores.size());
            done.add(seeders.submit(() -> {
                for (int i = first; i < SESSIONS; i += 16) {
                    String id = Secrets.randomToken(16);
                    store.create(new io.jwtauth.core.spi.SessionRecord(id, "user" + (i % 10_000), Secrets.sha256("r" + i), List.of(), null,
                            0, "jti" + i, "digest", now, null, now.plus(Duration.ofDays(14)), null, null, null));
                    ids.add(id);
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        seeders.shutdown();
        return new ArrayList<>(ids);
    }

    /** CPU of every thread that does feed work: the pollers, and the notify sender and listener. */
    private static long feedCpuNanos(ThreadMXBean threads) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("jwtauth-") && !info.getThreadName().contains("purge")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    /** 100,000 live sessions, inserted in batches (set-up only; the flow writes them one login at a time). */
    private static List<String> seed(String url) throws Exception {
        List<String> ids = new ArrayList<>(SESSIONS);
        Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
        Timestamp deadline = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).plusDays(14));
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jwtauth_sessions (session_id, user_id, "
                    + "renewal_hash, superseded_hashes, generation, access_token_id, credential_digest, created_at, renewal_deadline) "
                    + "VALUES (?, ?, ?, '', 0, ?, ?, ?, ?)")) {
                for (int i = 0; i < SESSIONS; i++) {
                    String id = Secrets.randomToken(16);
                    ids.add(id);
                    insert.setString(1, id);
                    insert.setString(2, "user" + (i % 10_000));
                    insert.setString(3, Secrets.sha256("r" + i));
                    insert.setString(4, "jti" + i);
                    insert.setString(5, "digest");
                    insert.setTimestamp(6, now);
                    insert.setTimestamp(7, deadline);
                    insert.addBatch();
                    if (i % 5000 == 4999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
            }
            connection.commit();
        }
        return ids;
    }

    /** A node's provider (the test-jar's hooked one) that notes when its feed reads return each session's change. */
    private static final class Recorder {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final HookedStores provider;

        Recorder(io.jwtauth.core.spi.StoreProvider delegate) {
            this.provider = new HookedStores(delegate);
            provider.afterFeedRead.set(changes -> {
                long now = System.nanoTime();
                for (SessionChange change : changes) {
                    seen.putIfAbsent(change.sessionId(), now);
                }
            });
        }
    }
}
