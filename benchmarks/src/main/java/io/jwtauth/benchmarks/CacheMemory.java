package io.jwtauth.benchmarks;

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
 * (two roles); then every token is authenticated once, which fills the session cache (records as the
 * provider reads them) and the verified-token cache (each token string as its key). The heap is measured
 * after full GCs before and after, with the tokens the test holds released, so the figure is what a node's
 * two caches retain. Usage: {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar
 * io.jwtauth.benchmarks.CacheMemory [count]}.
 */
public final class CacheMemory {
    private CacheMemory() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Map<String, String> raw = new HashMap<>();
        raw.put("jwtauth.key.secret", "0123456789abcdef0123456789abcdef");
        raw.put("jwtauth.issuer", "bench");
        raw.put("jwtauth.jdbc.url", "jdbc:h2:mem:cachememory;DB_CLOSE_DELAY=-1");
        raw.put("jwtauth.jdbc.schema.create", "true");
        raw.put("jwtauth.cache.sessions", Integer.toString(Math.max(100, count)));
        raw.put("jwtauth.cache.tokens", Integer.toString(count));
        JdbcStores stores = JdbcStores.create(Settings.of(raw));
        // The feed is read by hand here (no background threads in the figure); a node reads it every second.
        ManualPolling feed = new ManualPolling();
        try (AuthService auth = JwtAuth.builder().settings(raw).provider(stores).pollManually(feed).build()) {
            TokenIssuer issuer = new TokenIssuer(auth.settings().keyRing().signingKey(), "bench", null);
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
                auth.authenticate(tokens.get(i));
            }
            long tokenChars = tokens.stream().mapToLong(String::length).sum();
            tokens = null; // from here on only the token cache holds the token strings
            long after = usedAfterGc();
            var metrics = auth.metrics();
            long retained = after - before;
            System.out.printf("sessions cached: %d, tokens cached: %d (average token %d characters)%n", metrics.sessionCacheSize(),
                    metrics.tokenCacheSize(), tokenChars / count);
            System.out.printf("heap retained by both caches: %.1f MiB, %d bytes per session-and-token pair%n",
                    retained / (1024.0 * 1024.0), retained / count);
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
