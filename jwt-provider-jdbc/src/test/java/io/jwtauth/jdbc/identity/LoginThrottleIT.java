package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The login throttle on every database. From one address, every spelling of a name that the store (or the
 * normalisation) takes for one account shares its five tries, and a login to another account does not reset them
 * (#12); failures from one address never lock the account out for others (#29, item 2); concurrent failures of one
 * key all count (#29, item 7).
 */
class LoginThrottleIT {
    private static final ClientInfo GUESSER = new ClientInfo("198.51.100.10", "throttle-test");

    /** The one guessing client: the per-account-and-address limit is in play. */
    private static ClientInfo someone() {
        return GUESSER;
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenAnotherAddressFailedForTheAccountThenTheOwnerStillLogsIn(TestDatabases database) {
        String url = database.url();
        TestDatabases.dropTables(url);
        var settings = TestDatabases.settings(url, Map.of());
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            stores.users().createUser("admin", "Admin", "admin-password-1".toCharArray(), Set.of());
            for (String spelling : List.of("admin", "ADMIN", "ＡＤＭＩＮ", "Admin", "admin")) {
                assertEquals(AuthError.BAD_CREDENTIALS, loginError(auth, spelling, "wrong-password"), spelling);
            }
            assertEquals(AuthError.THROTTLED, loginError(auth, "admin", "admin-password-1"), "blocked from the guessing address");
            ClientInfo owner = new ClientInfo("192.0.2.44", "owner");
            assertEquals("admin", auth.authenticate(auth.login("admin", "admin-password-1".toCharArray(), owner).accessToken()).getName(),
                    "the owner, from elsewhere, is not locked out");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void recordFailuresWhenSixtyAtOnceForOneKeyThenEveryOneCountsAndNoneFails(TestDatabases database) throws Exception {
        String url = database.url();
        TestDatabases.dropTables(url);
        var settings = TestDatabases.settings(url, Map.of());
        try (JdbcStores stores = JdbcStores.create(settings)) {
            var failures = stores.loginFailures().orElseThrow();
            String key = "0123456789abcdef0123456789abcdef";
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(60);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    done.add(threads.submit(() -> {
                        start.await();
                        failures.recordFailures(List.of(key), java.time.Duration.ofMinutes(15));
                        return null;
                    }));
                }
                start.countDown();
                for (var future : done) {
                    future.get(); // an SQLState 23505 from a non-atomic upsert surfaces here
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(60, failures.read(List.of(key), java.time.Duration.ofMinutes(15)).get(key).failures());
        }
    }

    private static AuthError loginError(AuthService auth, String name, String password) {
        return assertThrows(AuthException.class, () -> auth.login(name, password.toCharArray(), someone())).error();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenFailuresUseOtherSpellingsOfOneNameThenTheyShareTheLimit(TestDatabases database) {
        String url = database.url();
        TestDatabases.dropTables(url);
        var settings = TestDatabases.settings(url, Map.of());
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            stores.users().createUser("demo", "Demo", "demo-password-1".toCharArray(), Set.of());
            for (String spelling : List.of("Démo", "DEMO", "ｄｅｍｏ", "demo", "Demo")) {
                assertEquals(AuthError.BAD_CREDENTIALS, loginError(auth, spelling, "wrong-password"), spelling);
            }
            assertEquals(AuthError.THROTTLED, loginError(auth, "demo", "demo-password-1"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenAnotherAccountDiffersOnlyInCaseThenItsSuccessDoesNotResetTheCount(TestDatabases database) {
        String url = database.url();
        TestDatabases.dropTables(url);
        var settings = TestDatabases.settings(url, Map.of());
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            stores.users().createUser("victim", "Victim", "victim-password-1".toCharArray(), Set.of());
            stores.users().createUser("Victim", "Attacker", "attacker-password-1".toCharArray(), Set.of());
            for (int i = 0; i < 4; i++) {
                assertEquals(AuthError.BAD_CREDENTIALS, loginError(auth, "victim", "guess-" + i));
            }
            auth.login("Victim", "attacker-password-1".toCharArray(), someone());
            assertEquals(AuthError.BAD_CREDENTIALS, loginError(auth, "victim", "guess-5"));
            assertEquals(AuthError.THROTTLED, loginError(auth, "victim", "guess-6"));
        }
    }

    // Issue 12, item 4: each node counted alone, so N nodes allowed N times the attempts.
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenFailuresAreSpreadOverTwoNodesThenTheyCountTogether(TestDatabases database) {
        String url = database.url();
        TestDatabases.dropTables(url);
        var settings = TestDatabases.settings(url, Map.of());
        try (JdbcStores setupStores = JdbcStores.create(settings);
             AuthService nodeA = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).pollManually(new ManualPolling()).build();
             AuthService nodeB = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).pollManually(new ManualPolling()).build()) {
            setupStores.users().createUser("carol", "Carol", "carol-password-1".toCharArray(), Set.of());
            for (int i = 0; i < 5; i++) {
                AuthService node = i % 2 == 0 ? nodeA : nodeB;
                assertEquals(AuthError.BAD_CREDENTIALS, loginError(node, "carol", "guess-" + i));
            }
            assertEquals(AuthError.THROTTLED, loginError(nodeA, "carol", "carol-password-1"));
            assertEquals(AuthError.THROTTLED, loginError(nodeB, "carol", "carol-password-1"));
            // The address limit is shared too: one client spreading 20 tries over both nodes is stopped.
            ClientInfo client = new ClientInfo("203.0.113.200", "spread");
            for (int i = 0; i < 20; i++) {
                AuthService node = i % 2 == 0 ? nodeA : nodeB;
                String name = "user-" + i;
                assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                        () -> node.login(name, "x-password".toCharArray(), client)).error());
            }
            assertEquals(AuthError.THROTTLED, assertThrows(AuthException.class,
                    () -> nodeB.login("user-x", "x-password".toCharArray(), client)).error());
        }
    }

    /** MariaDB's default collation is case- and accent-insensitive: the store itself resolves every spelling. */
    @Test
    void loginWhenMariaDbDefaultCollationResolvesSpellingsThenCountedByTheResolvedUser() throws Exception {
        String url = TestDatabases.MARIADB.url();
        TestDatabases.dropTables(url, "app_users");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100) NOT NULL, pwd VARCHAR(200) NOT NULL) "
                    + "DEFAULT CHARSET=utf8mb4");
        }
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO app_users VALUES (1, 'strase', ?)")) {
            insert.setString(1, PasswordHashing.defaults().hash("strase-password-1".toCharArray()));
            insert.executeUpdate();
        }
        String select = "SELECT CAST(id AS CHAR(20)) AS user_id, login AS username, pwd AS password_hash FROM app_users ";
        var settings = TestDatabases.settings(url, Map.of("jwtauth.jdbc.users.by-name", select + "WHERE login = :username",
                "jwtauth.jdbc.users.by-id", select + "WHERE CAST(id AS CHAR(20)) = :userId"));
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            // utf8mb4_general_ci takes ß for s, so each finds the row 'strase'. Normalisation alone would make them
            // "strasse", another name: only the store's resolution to the user id puts them on one count.
            for (String spelling : List.of("straße", "STRAßE", "Straße", "straßE", "sTRAße")) {
                assertEquals(AuthError.BAD_CREDENTIALS, loginError(auth, spelling, "wrong-password"), spelling);
            }
            assertEquals(AuthError.THROTTLED, loginError(auth, "strase", "strase-password-1"));
        }
    }
}
