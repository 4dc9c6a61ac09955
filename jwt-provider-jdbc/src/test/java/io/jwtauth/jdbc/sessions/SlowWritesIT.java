package io.jwtauth.jdbc.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.testing.MutableClock;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writes that commit late (a lock wait, a stalled connection), on every database: the feed still delivers them,
 * and the statement timeout keeps any one from holding a thread.
 */
class SlowWritesIT {
    private static final ClientInfo CLIENT = new ClientInfo("198.51.100.20", "slow-writes");

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    private String start(TestDatabases database) {
        String url = database.url();
        TestDatabases.dropTables(url);
        JdbcStores setup = JdbcStores.create(TestDatabases.settings(url, Map.of()));
        closing.add(setup);
        setup.users().createUser("alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"));
        setup.users().createUser("bob", "Bob", "bob-password-1".toCharArray(), Set.of("Registered Users"));
        return url;
    }

    private final Map<AuthService, ManualPolling> polling = new java.util.IdentityHashMap<>();

    private AuthService node(String url, java.time.Clock clock, Map<String, String> extra) {
        Map<String, String> raw = new java.util.HashMap<>(Map.of("jwtauth.jdbc.pool-size", "8"));
        raw.putAll(extra);
        Settings settings = TestDatabases.settings(url, raw);
        ManualPolling manual = new ManualPolling();
        AuthService node = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings))
                .clock(clock).pollManually(manual).build();
        polling.put(node, manual);
        closing.add(0, node);
        return node;
    }

    /** Holds a row lock on the session (as a slow transaction of the host application would) until closed. */
    private static Connection lockSession(String url, String sessionId) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT session_id FROM jwtauth_sessions WHERE session_id = ? FOR UPDATE")) {
            lock.setString(1, sessionId);
            assertTrue(lock.executeQuery().next());
        }
        return connection;
    }

    // Defect 3: a write that committed more than the old feed's time window late was never seen.
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void feedWhenALogoutCommitsLateThenTheOtherNodeStillSeesIt(TestDatabases database) throws Exception {
        String url = start(database);
        MutableClock readerClock = MutableClock.atNow();
        AuthService writer = node(url, java.time.Clock.systemUTC(), Map.of());
        AuthService reader = node(url, readerClock, Map.of());
        TokenResponse alice = writer.login("alice", "alice-password-1".toCharArray(), CLIENT);
        TokenResponse bob = writer.login("bob", "bob-password-1".toCharArray(), CLIENT);
        String aliceSession = reader.authenticate(alice.accessToken()).sessionId();
        reader.authenticate(bob.accessToken());
        polling.get(reader).poll();

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection lock = lockSession(url, aliceSession)) {
            // Alice's logout waits on the lock; meanwhile other changes commit and the reader polls on.
            Future<?> lateLogout = thread.submit(() -> writer.logout(alice.accessToken(), false, CLIENT));
            Thread.sleep(300);
            writer.logout(bob.accessToken(), false, CLIENT);
            polling.get(reader).poll();
            // Two minutes pass on the reader before the late write commits: longer than any time window.
            readerClock.advance(Duration.ofMinutes(2));
            polling.get(reader).poll();
            lock.commit();
            lateLogout.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
        polling.get(reader).poll();
        AuthException refused = assertThrows(AuthException.class, () -> reader.authenticate(alice.accessToken()));
        assertEquals(AuthError.BAD_TOKEN, refused.error(), refused.getMessage());
    }

    // Defect 7: without a statement timeout a blocked statement held its thread (the poller's, too) indefinitely.
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void writeWhenBlockedBeyondTheStatementTimeoutThenUnavailableNotHung(TestDatabases database) throws Exception {
        String url = start(database);
        AuthService node = node(url, java.time.Clock.systemUTC(), Map.of("jwtauth.jdbc.statement-timeout", "1s"));
        TokenResponse alice = node.login("alice", "alice-password-1".toCharArray(), CLIENT);
        String session = node.authenticate(alice.accessToken()).sessionId();
        try (Connection lock = lockSession(url, session)) {
            long started = System.nanoTime();
            AuthException refused = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> assertThrows(AuthException.class, () -> node.logout(alice.accessToken(), false, CLIENT)));
            assertEquals(AuthError.UNAVAILABLE, refused.error(), refused.getMessage());
            long tookMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(tookMillis < 5_000, "gave up after " + tookMillis + " ms");
            lock.rollback();
        }
        // Nothing half-done: the session is still live and logs out normally once the lock is gone.
        node.authenticate(alice.accessToken());
        node.logout(alice.accessToken(), false, CLIENT);
    }
}
