package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthMetrics;
import io.jwtauth.filter.testing.TestServer;
import io.jwtauth.jdbc.JdbcStores;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes — two filters in two Jetty servers with their own caches — on one PostgreSQL database:
 * revocation reaches the other node within the feed interval, and a known live session costs no query.
 */
class MultiNodeRevocationIT {
    private static final Duration WITHIN = Duration.ofSeconds(2);

    private String url;
    private JdbcStores storesA;
    private JdbcStores storesB;
    private TestServer nodeA;
    private TestServer nodeB;
    private String demoId;

    @BeforeEach
    void start() throws Exception {
        url = System.getenv("JWTAUTH_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank(), "JWTAUTH_TEST_POSTGRES_URL not set: multi-node test not requested");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS jwtauth_user_roles");
            statement.execute("DROP TABLE IF EXISTS jwtauth_users");
            statement.execute("DROP TABLE IF EXISTS jwtauth_sessions");
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("jwtauth.key.secret", "multi-node-secret-0123456789abcdef");
        settings.put("jwtauth.issuer", "cluster");
        settings.put("jwtauth.jdbc.url", url);
        settings.put("jwtauth.jdbc.schema.create", "true");
        settings.put("jwtauth.jdbc.password.argon2.memory-kib", "8192");
        settings.put("jwtauth.jdbc.password.argon2.iterations", "1");
        settings.put("jwtauth.revocation.poll-interval", "1s");
        storesA = JdbcStores.create(Settings.of(settings));
        storesB = JdbcStores.create(Settings.of(settings));
        demoId = storesA.users().createUser("demo", "Demo", "demo-password-1".toCharArray(), Set.of("Registered Users"));
        storesA.users().createUser("other", "Other", "other-password-1".toCharArray(), Set.of("Registered Users"));
        nodeA = new TestServer(JwtAuthFilter.builder().settings(settings).provider(storesA).build());
        nodeB = new TestServer(JwtAuthFilter.builder().settings(settings).provider(storesB).build());
    }

    @AfterEach
    void stop() {
        if (nodeA != null) {
            nodeA.close();
            nodeB.close();
        }
    }

    /** Polls until {@code condition} holds, returning how long it took; fails after {@link #WITHIN}. */
    private static Duration within(Supplier<Boolean> condition, String what) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.get()) {
            if (System.nanoTime() - start > WITHIN.toNanos()) {
                throw new AssertionError(what + " not seen within " + WITHIN);
            }
            Thread.sleep(25);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String access(JsonNode tokens) {
        return tokens.get("accessToken").asText();
    }

    @Test
    void logoutOnAWhenTokenUsedOnBThenRefusedOnBWithinTwoSeconds() throws Exception {
        JsonNode tokens = nodeA.login("demo", "demo-password-1").json();
        assertEquals(200, nodeB.get("/api/me", access(tokens)).status());
        assertEquals(200, nodeA.post("/auth/logout", access(tokens), "").status());
        Duration took = within(() -> nodeB.get("/api/me", access(tokens)).status() == 401, "logout on A, on B");
        System.out.println("[multi-node] logout on A refused on B after " + took.toMillis() + " ms");
    }

    @Test
    void renewOnBWhenOldTokenUsedOnAThenRefusedOnAWithinTwoSeconds() throws Exception {
        JsonNode tokens = nodeA.login("demo", "demo-password-1").json();
        assertEquals(200, nodeA.get("/api/me", access(tokens)).status());
        JsonNode renewed = nodeB.post("/auth/extendtoken", access(tokens), "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}").json();
        Duration took = within(() -> nodeA.get("/api/me", access(tokens)).status() == 401, "renewal on B, old token on A");
        assertEquals(200, nodeA.get("/api/me", access(renewed)).status());
        System.out.println("[multi-node] renewal on B superseded the old token on A after " + took.toMillis() + " ms");
    }

    @Test
    void passwordChangeWhenMadeThroughProviderThenEverySessionRefusedOnBothNodes() throws Exception {
        JsonNode onA = nodeA.login("demo", "demo-password-1").json();
        JsonNode onB = nodeB.login("demo", "demo-password-1").json();
        JsonNode bystander = nodeA.login("other", "other-password-1").json();
        for (TestServer node : new TestServer[] {nodeA, nodeB}) {
            assertEquals(200, node.get("/api/me", access(onA)).status());
            assertEquals(200, node.get("/api/me", access(onB)).status());
        }
        storesA.users().changePassword(demoId, "a-new-password-2".toCharArray());
        within(() -> nodeA.get("/api/me", access(onA)).status() == 401 && nodeA.get("/api/me", access(onB)).status() == 401
                && nodeB.get("/api/me", access(onA)).status() == 401 && nodeB.get("/api/me", access(onB)).status() == 401,
                "password change on both nodes");
        assertEquals(200, nodeB.get("/api/me", access(bystander)).status());
        assertEquals(401, nodeB.login("demo", "demo-password-1").status());
        assertEquals(200, nodeB.login("demo", "a-new-password-2").status());
    }

    @Test
    void requestsWhenSessionKnownAndLiveThenNoDatabaseQueryAfterTheFirst() throws Exception {
        JsonNode tokens = nodeA.login("demo", "demo-password-1").json();
        assertEquals(200, nodeB.get("/api/me", access(tokens)).status()); // B loads the session once
        AuthMetrics before = nodeB.filter().authService().metrics();
        long statementsBefore = storesB.statementCount();
        long started = System.nanoTime();
        int requests = 500;
        for (int i = 0; i < requests; i++) {
            assertEquals(200, nodeB.get("/api/me", access(tokens)).status());
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        AuthMetrics after = nodeB.filter().authService().metrics();
        long statements = storesB.statementCount() - statementsBefore;
        assertEquals(before.sessionStoreReads(), after.sessionStoreReads(), "no session was read from the database");
        // The only statements are the feed polls: one per interval per node, whatever the traffic.
        assertTrue(statements <= seconds + 2, requests + " requests in ~" + seconds + " s made " + statements + " statements");
        System.out.println("[multi-node] " + requests + " authenticated requests: " + (after.sessionStoreReads() - before.sessionStoreReads())
                + " session reads, " + statements + " statements (feed polls) in ~" + seconds + " s");

        // Both nodes publish their metrics over JMX; node B's hit rate is now above 90 %.
        Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.jwtauth:type=JwtAuthFilter,*"), null);
        assertEquals(2, names.size(), names.toString());
        double best = 0;
        for (ObjectName name : names) {
            best = Math.max(best, (Double) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "SessionCacheHitRate"));
        }
        assertTrue(best > 0.9, "hit rate over JMX: " + best);
    }
}
