package io.jwtauth.benchmarks;

import java.nio.charset.StandardCharsets;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.tokens.IssuedToken;
import io.jwtauth.core.tokens.TokenIssuer;
import io.jwtauth.jdbc.JdbcStores;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heap the two caches take when full: {@code count} live sessions (default 100,000, the default size of
 * each cache) in an H2 in-memory database behind the JDBC provider, each with one HS256 access token
 * (two roles); then every token is authenticated once, as a copy like the string a request brings, which
 * fills the session cache and the verified-token cache. The heap is measured after full GCs before and after,
 * with the test's own token list alive in both, so the figure is what a node's two caches retain. Usage: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.jwtauth.benchmarks.CacheMemory [count [both|sessions-only [jdbc-url]]]}.
 */
public final class CacheMemory {
    private CacheMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        // "sessions-only" turns the token cache off: the figure is then the session cache's alone.
        boolean sessionsOnly = args.length > 1 && args[1].equals("sessions-only");
        // H2 in memory hands out the very strings it stores, which flatters the figure: a networked database's
        // driver builds new ones per read. Give PostgreSQL's URL as the third argument for the real figure.
        String url = args.length > 2 ? args[2] : "jdbc:h2:mem:cachememory;DB_CLOSE_DELAY=-1";
        if (!url.startsWith("jdbc:h2:mem:")) {
            BenchDatabase.reset(url);
        }
        Map<String, String> raw = new HashMap<>();
        raw.put("jwtauth.key.secret", "0123456789abcdef0123456789abcdef");
        raw.put("jwtauth.issuer", "bench");
        raw.put("jwtauth.jdbc.url", url);
        raw.put("jwtauth.jdbc.schema.create", "true");
        raw.put("jwtauth.cache.sessions", Integer.toString(Math.max(100, count)));
        raw.put("jwtauth.cache.tokens", sessionsOnly ? "0" : Integer.toString(count));
        JdbcStores stores = JdbcStores.create(Settings.of(raw));
        // The feed is read by hand here (no background threads in the figure); a node reads it every second.
        ManualPolling feed = new ManualPolling();
        try (AuthService auth = JwtAuth.builder().settings(raw).provider(stores).pollManually(feed).build()) {
            // The node's own secret, from the settings the benchmark wrote: the running service never hands its key out.
            TokenIssuer issuer = new TokenIssuer(Keys.secret(raw.get("jwtauth.key.secret").getBytes(StandardCharsets.UTF_8),
                    JwsAlgorithm.HS256, null), "bench", null);
            SessionStore sessions = stores.sessionStore();
            Instant now = Instant.now();
            List<String> tokens = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String sessionId = Secrets.randomToken(16);
                String userId = Integer.toString(100_000 + i);
                IssuedToken token = issuer.issue(userId, "user" + i, sessionId, List.of("Registered Users", "Subscribers"),
                        now, now.plus(Duration.ofMinutes(60)));
                sessions.create(new SessionRecord(sessionId, userId, Secrets.sha256(Secrets.randomToken(32)), List.of(), null, 0,
                        token.tokenId(), Secrets.sha256("stamp" + i), now, null, now.plus(Duration.ofDays(14)), null,
                        "203.0.113." + (i % 250), "bench-client/1.0 (Android 14; Pixel 8)"));
                tokens.add(token.token());
            }
            feed.poll();
            long before = usedAfterGc();
            for (int i = 0; i < tokens.size(); i++) {
                if (i % 1000 == 0) {
                    feed.poll();
                }
                // A copy, as a request brings: whatever the caches keep of it is theirs, not the list's.
                auth.authenticate(new String(tokens.get(i).toCharArray()));
            }
            long after = usedAfterGc();
            long tokenChars = tokens.stream().mapToLong(String::length).sum();
            var metrics = auth.metrics();
            long retained = after - before;
            System.out.printf("sessions cached: %d, tokens cached: %d (average token %d characters)%n", metrics.sessionCacheSize(),
                    metrics.tokenCacheSize(), tokenChars / count);
            System.out.printf("heap retained by %s: %.1f MiB, %d bytes per %s%n", sessionsOnly ? "the session cache" : "both caches",
                    retained / (1024.0 * 1024.0), retained / count, sessionsOnly ? "session" : "session-and-token pair");
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
