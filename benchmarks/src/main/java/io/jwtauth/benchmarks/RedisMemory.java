package io.jwtauth.benchmarks;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.spi.SessionBackend;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.redis.RedisStoreFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a session costs Redis: {@code sessions} live sessions written through the store (as logins write them, with a
 * browser's user agent and an IPv6 address), the server's {@code used_memory} before and after; then each revoked
 * (a feed entry more, and the purge index's score). Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.jwtauth.benchmarks.RedisMemory REDIS_URL [sessions=100000]}. Writes under a key prefix of its own, and deletes
 * nothing: use a database of its own ({@code redis://host/14}) and flush it after.
 */
public final class RedisMemory {
    private RedisMemory() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        String prefix = "memory-" + System.currentTimeMillis();
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect();
             SessionBackend backend = new RedisStoreFactory().create(Settings.of(Map.of("jwtauth.redis.url", url,
                     "jwtauth.redis.key-prefix", prefix)))) {
            SessionStore store = backend.sessionStore();
            long before = usedMemory(connection);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
                ids.add(id);
                store.create(new SessionRecord(id, Integer.toString(100_000 + i % 20_000), sha(), List.of(), null, 0,
                        UUID.randomUUID().toString().substring(0, 22), sha(), now, null, now.plus(Duration.ofDays(14)), null,
                        "2001:db8:85a3::8a2e:370:7334", System.getProperty("ua", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0")));
            }
            long live = usedMemory(connection);
            for (String id : ids) {
                store.revoke(id, Instant.now());
            }
            long revoked = usedMemory(connection);
            System.out.printf("redis memory: %d sessions, prefix %s%n", count, prefix);
            System.out.printf("  live session (hash, user index, purge index): %.0f bytes each%n", (live - before) / (double) count);
            System.out.printf("  its revocation (a feed entry, the purge index re-scored): %.0f bytes more each%n",
                    (revoked - live) / (double) count);
            System.out.printf("  so 1,000,000 sessions: %.0f MiB live, %.0f MiB with a revocation each in the feed%n",
                    (live - before) / (double) count * 1e6 / 1048576, (revoked - before) / (double) count * 1e6 / 1048576);
        } finally {
            client.shutdown();
        }
    }

    private static String sha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 43);
    }

    private static long usedMemory(StatefulRedisConnection<String, String> connection) {
        for (String line : connection.sync().info("memory").split("\\r?\\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO memory");
    }
}
