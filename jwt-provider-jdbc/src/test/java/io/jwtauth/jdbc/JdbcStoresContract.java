package io.jwtauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider's behaviour through the real flow, run unchanged against every database
 * ({@link H2StoresIT}, {@link PostgresStoresIT}, {@link MariaDbStoresIT}).
 */
abstract class JdbcStoresContract {
    private static final ClientInfo CLIENT = new ClientInfo("198.51.100.4", "contract-test");

    private String url;
    private JdbcStores stores;
    private AuthService auth;
    private String aliceId;

    abstract TestDatabases database();

    @BeforeEach
    void start() {
        url = database().url();
        TestDatabases.dropTables(url);
        stores = JdbcStores.create(TestDatabases.settings(url, Map.of()));
        auth = service(stores);
        aliceId = stores.users().createUser("alice", "Alice A.", "alice-password-1".toCharArray(), Set.of("Registered Users", "Subscribers"));
        stores.users().createUser("bob", "Bob B.", "bob-password-1".toCharArray(), Set.of("Administrators"));
    }

    @AfterEach
    void stop() {
        // Null when the set-up was skipped (database not requested): nothing was built, nothing to close.
        if (auth != null) {
            auth.close();
        }
    }

    /** Each service's feed reader: the tests poll by hand, as the background poller would. */
    private final Map<AuthService, ManualPolling> polling = new java.util.IdentityHashMap<>();

    /** The audit events of the services this test built. */
    private final java.util.List<io.jwtauth.core.flow.AuthEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    private AuthService service(JdbcStores provider) {
        Settings settings = TestDatabases.settings("jdbc:unused", Map.of());
        ManualPolling manual = new ManualPolling();
        AuthService service = JwtAuth.builder().settings(settings).provider(provider).listener(events::add).pollManually(manual).build();
        polling.put(service, manual);
        return service;
    }

    /** What a host application does when it changes a password in its own code. */
    private void setStoredHash(String userId, String hash) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement update = connection.prepareStatement("UPDATE jwtauth_users SET password_hash = ? WHERE user_id = ?")) {
            update.setString(1, hash);
            update.setString(2, userId);
            assertEquals(1, update.executeUpdate());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String storedHash(String userId) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
             java.sql.PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM jwtauth_users WHERE user_id = ?")) {
            query.setString(1, userId);
            try (java.sql.ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private TokenResponse loginAlice() {
        return auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
    }

    private static void assertRefused(AuthError expected, Runnable call) {
        assertEquals(expected, assertThrows(AuthException.class, call::run).error());
    }

    @Test
    void loginWhenUserInOwnTablesThenRolesFromJoinAndSessionStoredWithHashesOnly() {
        TokenResponse response = loginAlice();
        assertEquals(aliceId, response.userId());
        assertEquals("Alice A.", response.displayName());
        assertEquals(Set.of("Registered Users", "Subscribers"), auth.authenticate(response.accessToken()).roles());
        String sessionId = auth.authenticate(response.accessToken()).sessionId();
        SessionRecord stored = stores.sessionStore().find(sessionId).orElseThrow();
        assertEquals(Secrets.sha256(response.renewalToken()), stored.renewalHash());
        assertFalse(stored.toString().contains(response.renewalToken()));
        assertEquals("198.51.100.4", stored.clientAddress());
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("alice", "wrong".toCharArray(), CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("nobody", "alice-password-1".toCharArray(), CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("alice' OR '1'='1", "x".toCharArray(), CLIENT));
    }

    @Test
    void sessionWhenWrittenThenTimestampsReadBackExactly() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SessionRecord session = new SessionRecord("s-" + now.toEpochMilli(), "u1", "h1", List.of("a", "b"), now.minusMillis(1), 3,
                "jti", "digest", now, now.plusMillis(7), now.plus(Duration.ofDays(14)), null, "::1", "agent");
        stores.sessionStore().create(session);
        assertEquals(session, stores.sessionStore().find(session.sessionId()).orElseThrow());
    }

    @Test
    void renewWhenRotatedThenOldTokensRefusedAndReplayRevokesEverywhere() throws InterruptedException {
        TokenResponse first = loginAlice();
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(first.accessToken()));
        // Within the race window (database clock) a superseded token may be a request that was already in flight.
        Thread.sleep(AuthService.RACE_WINDOW.toMillis() + 200);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        // The revocation is in the database: a fresh node (empty cache) refuses the session too.
        try (AuthService other = service(JdbcStores.create(TestDatabases.settings(url, Map.of())))) {
            assertRefused(AuthError.BAD_TOKEN, () -> other.authenticate(second.accessToken()));
        }
    }

    // #30: the provider ended sessions itself, so an administrator's password change left no audit line.
    @Test
    void changePasswordWhenCoreRunsThenSessionsEndThroughCoreAuditedAndRefusedHereAtOnce() {
        TokenResponse login = loginAlice();
        auth.authenticate(login.accessToken());
        stores.users().changePassword(aliceId, "alice-password-2".toCharArray());
        // No feed read: this node's cache dropped the sessions when core ended them.
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(login.accessToken()));
        io.jwtauth.core.flow.AuthEvent ended = events.get(events.size() - 1);
        assertEquals(io.jwtauth.core.flow.AuthEvent.Type.SESSIONS_ENDED, ended.type());
        assertEquals(aliceId, ended.userId());
        stores.users().setEnabled(aliceId, false);
        assertEquals(2, events.stream().filter(event -> event.type() == io.jwtauth.core.flow.AuthEvent.Type.SESSIONS_ENDED).count());
    }

    // #29 item 8: a login took 8-9 statements (throttle reads per key, clears, the session cap in a transaction).
    @Test
    void loginThenAtMostFourStatements() {
        loginAlice(); // the first login of a node measures the hash format once
        long before = stores.statementCount();
        loginAlice();
        // The throttle's one read of its keys, the user (with roles), the session insert, the user's live sessions.
        long statements = stores.statementCount() - before;
        System.out.printf("statements per login (%s): %d%n", getClass().getSimpleName(), statements);
        assertTrue(statements <= 4, "statements for a login: " + statements);
    }

    @Test
    void renewThenAtMostFourStatements() {
        TokenResponse first = loginAlice();
        long before = stores.statementCount();
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        // The session read (the cache keeps only what requests need), the user check, then the compare-and-set and
        // its feed row: one statement on PostgreSQL, a transaction of two elsewhere.
        long renewal = stores.statementCount() - before;
        System.out.printf("statements per renewal (%s): %d%n", getClass().getSimpleName(), renewal);
        assertTrue(renewal <= 4, "statements for a renewal: " + renewal);
        long beforeRequests = stores.statementCount();
        for (int i = 0; i < 50; i++) {
            auth.authenticate(second.accessToken());
        }
        assertEquals(beforeRequests, stores.statementCount(), "authenticated requests of a known live session query nothing");
    }

    @Test
    void renewWhenFiftyThreadsUseTheSameTokenThenExactlyOneWinsAndStateIsConsistent() throws Exception {
        TokenResponse first = loginAlice();
        String sessionId = auth.authenticate(first.accessToken()).sessionId();
        int threads = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TokenResponse>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
            }));
        }
        ready.await();
        go.countDown();
        List<TokenResponse> winners = new ArrayList<>();
        for (Future<TokenResponse> future : futures) {
            try {
                winners.add(future.get());
            } catch (ExecutionException e) {
                assertEquals(AuthError.BAD_TOKEN, ((AuthException) e.getCause()).error());
            }
        }
        pool.shutdown();
        assertEquals(1, winners.size(), "exactly one renewal wins");
        SessionRecord stored = stores.sessionStore().find(sessionId).orElseThrow();
        assertEquals(1, stored.generation());
        assertEquals(Secrets.sha256(winners.get(0).renewalToken()), stored.renewalHash());
        assertEquals(List.of(Secrets.sha256(first.renewalToken())), stored.supersededHashes());
        if (stored.isRevoked()) {
            // A thread that only started after the winner committed presented a superseded token: a replay.
            assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(winners.get(0).accessToken()));
        } else {
            auth.renew(winners.get(0).accessToken(), winners.get(0).renewalToken(), CLIENT);
        }
    }

    @Test
    void changesWhenLogoutOnOneNodeThenOtherNodeRefusesAfterPolling() {
        TokenResponse first = loginAlice();
        try (AuthService other = service(JdbcStores.create(TestDatabases.settings(url, Map.of())))) {
            other.authenticate(first.accessToken());
            auth.logout(first.accessToken(), false, CLIENT);
            polling.get(other).poll();
            assertRefused(AuthError.BAD_TOKEN, () -> other.authenticate(first.accessToken()));
        }
    }

    @Test
    void changesAfterWhenRenewedAndRevokedThenBothListedUnderGrowingKeys() {
        long start = stores.sessionStore().latestChangeKey();
        TokenResponse first = loginAlice();
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        List<SessionChange> afterRenewal = stores.sessionStore().changesAfter(start, 100);
        auth.logout(second.accessToken(), false, CLIENT);
        List<SessionChange> afterLogout = stores.sessionStore().changesAfter(start, 100);
        assertEquals(1, afterRenewal.size());
        assertEquals(2, afterLogout.size());
        assertTrue(afterLogout.get(1).key() > afterLogout.get(0).key(), afterLogout.toString());
        assertEquals(afterLogout.get(1).key(), stores.sessionStore().latestChangeKey());
        assertEquals(List.of(afterLogout.get(1)), stores.sessionStore().changesAfter(afterLogout.get(0).key(), 100));
    }

    @Test
    void passwordWhenChangedDirectlyInTheTableThenSessionEndsAtRenewal() {
        TokenResponse first = loginAlice();
        String newHash = PasswordHashing.defaults().hash("changed-by-host-app".toCharArray());
        setStoredHash(aliceId, newHash);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        auth.login("alice", "changed-by-host-app".toCharArray(), CLIENT);
    }

    @Test
    void passwordWhenChangedThroughProviderThenEverySessionEndsAtOnce() {
        TokenResponse one = loginAlice();
        TokenResponse two = loginAlice();
        stores.users().changePassword(aliceId, "brand-new-password".toCharArray());
        polling.get(auth).poll();
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(one.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(two.accessToken()));
    }

    @Test
    void loginWhenOldHashFormatThenVerifiedAndUpgradedToArgon2id() {
        String bcrypt = com.password4j.BcryptFunction.getInstance(com.password4j.types.Bcrypt.B, 6).hash("alice-password-1").getResult();
        setStoredHash(aliceId, bcrypt);
        loginAlice();
        String stored = storedHash(aliceId);
        assertTrue(stored.startsWith("$argon2id$"), stored);
        loginAlice();
    }

    @Test
    void logoutAllWhenCalledThenEverySessionOfTheUserEnds() {
        TokenResponse one = loginAlice();
        TokenResponse two = loginAlice();
        TokenResponse bob = auth.login("bob", "bob-password-1".toCharArray(), CLIENT);
        auth.authenticate(two.accessToken());
        auth.logout(one.accessToken(), true, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(two.accessToken()));
        auth.authenticate(bob.accessToken());
    }

    @Test
    void purgeWhenDeadlinePassedThenSessionDeleted() {
        TokenResponse one = loginAlice();
        String sessionId = auth.authenticate(one.accessToken()).sessionId();
        assertEquals(0, stores.sessionStore().purgeExpired(Instant.now()));
        assertEquals(1, stores.sessionStore().purgeExpired(Instant.now().plus(Duration.ofDays(15))));
        assertTrue(stores.sessionStore().find(sessionId).isEmpty());
    }
}
