package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An application's own users table — different names, integer ids, bcrypt hashes, a status column and
 * roles in a second table — used unchanged through configured queries.
 */
class LegacyUsersTableIT {
    private static final ClientInfo CLIENT = ClientInfo.local();

    private static Map<String, String> mapping(boolean writable) {
        Map<String, String> mapping = new HashMap<>();
        String select = "SELECT CAST(id AS VARCHAR(20)) AS user_id, login AS username, full_name AS display_name, "
                + "pwd AS password_hash, CASE WHEN status = 'active' THEN 1 ELSE 0 END AS enabled FROM app_users ";
        mapping.put("jwtauth.jdbc.users.by-name", select + "WHERE login = :username");
        mapping.put("jwtauth.jdbc.users.by-id", select + "WHERE CAST(id AS VARCHAR(20)) = :userId");
        mapping.put("jwtauth.jdbc.users.roles", "SELECT r.role AS role FROM app_user_roles r WHERE CAST(r.user_id AS VARCHAR(20)) = :userId");
        if (writable) {
            mapping.put("jwtauth.jdbc.users.update-password", "UPDATE app_users SET pwd = :passwordHash WHERE CAST(id AS VARCHAR(20)) = :userId");
            mapping.put("jwtauth.jdbc.users.rehash-password", "UPDATE app_users SET pwd = :passwordHash "
                    + "WHERE CAST(id AS VARCHAR(20)) = :userId AND pwd = :oldHash");
        }
        return mapping;
    }

    private static void createLegacyTables(String url, String bcrypt) throws SQLException {
        TestDatabases.dropTables(url, "app_user_roles", "app_users");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100) NOT NULL, full_name VARCHAR(200), "
                    + "pwd VARCHAR(200) NOT NULL, status VARCHAR(20) NOT NULL)");
            statement.execute("CREATE TABLE app_user_roles (user_id INTEGER NOT NULL, role VARCHAR(50) NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO app_users VALUES (?, ?, ?, ?, ?)")) {
                insert.setInt(1, 7);
                insert.setString(2, "carol");
                insert.setString(3, "Carol C.");
                insert.setString(4, bcrypt);
                insert.setString(5, "active");
                insert.executeUpdate();
                insert.setInt(1, 8);
                insert.setString(2, "dave");
                insert.setString(3, "Dave D.");
                insert.setString(4, bcrypt);
                insert.setString(5, "locked");
                insert.executeUpdate();
            }
            statement.execute("INSERT INTO app_user_roles VALUES (7, 'Editors')");
            statement.execute("INSERT INTO app_user_roles VALUES (7, 'Registered Users')");
        }
    }

    private static String storedHash(String url) throws SQLException {
        return storedHash(url, 7);
    }

    private static String storedHash(String url, int id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pwd FROM app_users WHERE id = " + id)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenReadOnlyLegacyTableWithBcryptThenWorksAndHashUntouched(TestDatabases database) throws Exception {
        String url = database.url();
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 8).hash("carol-password").getResult();
        createLegacyTables(url, bcrypt);
        JdbcStores stores = JdbcStores.create(TestDatabases.settings(url, mapping(false)));
        try (AuthService auth = JwtAuth.builder().settings(TestDatabases.settings(url, Map.of())).provider(stores).pollManually(new ManualPolling()).build()) {
            TokenResponse response = auth.login("carol", "carol-password".toCharArray(), CLIENT);
            assertEquals("7", response.userId());
            assertEquals("Carol C.", response.displayName());
            assertEquals(Set.of("Editors", "Registered Users"), auth.authenticate(response.accessToken()).roles());
            TokenResponse renewed = auth.renew(response.accessToken(), response.renewalToken(), CLIENT);
            auth.authenticate(renewed.accessToken());
            assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                    () -> auth.login("carol", "wrong".toCharArray(), CLIENT)).error());
            assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                    () -> auth.login("dave", "carol-password".toCharArray(), CLIENT)).error(), "a locked user cannot log in");
            assertEquals(bcrypt, storedHash(url), "no update statement configured: the table is never written");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenWritableLegacyTableThenBcryptUpgradedToArgon2id(TestDatabases database) throws Exception {
        String url = database.url();
        createLegacyTables(url, BcryptFunction.getInstance(Bcrypt.B, 8).hash("carol-password").getResult());
        JdbcStores stores = JdbcStores.create(TestDatabases.settings(url, mapping(true)));
        try (AuthService auth = JwtAuth.builder().settings(TestDatabases.settings(url, Map.of())).provider(stores).pollManually(new ManualPolling()).build()) {
            TokenResponse upgraded = auth.login("carol", "carol-password".toCharArray(), CLIENT);
            assertTrue(storedHash(url).startsWith("$argon2id$"));
            // The session opened by the upgrading login carries the new hash's stamp: it renews.
            auth.authenticate(auth.renew(upgraded.accessToken(), upgraded.renewalToken(), CLIENT).accessToken());
            auth.login("carol", "carol-password".toCharArray(), CLIENT);
        }
    }

    /**
     * The upgrade changes what every other reader of the column sees, so it happens only once a login has fully
     * succeeded: not for a disabled user whose password matched, nor for a login that then failed.
     */
    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenRefusedOrUnfinishedThenHashNotUpgraded(TestDatabases database) throws Exception {
        String url = database.url();
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 8).hash("carol-password").getResult();
        createLegacyTables(url, bcrypt);
        JdbcStores stores = JdbcStores.create(TestDatabases.settings(url, mapping(true)));
        try (AuthService auth = JwtAuth.builder().settings(TestDatabases.settings(url, Map.of())).provider(stores).pollManually(new ManualPolling()).build()) {
            assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                    () -> auth.login("dave", "carol-password".toCharArray(), CLIENT)).error(), "dave is locked");
            assertEquals(bcrypt, storedHash(url, 8), "a refused login does not rewrite the user's hash");
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE jwtauth_sessions");
            }
            // 503 on PostgreSQL (its undefined-table state), 500 elsewhere: the login fails after the password matched.
            assertThrows(RuntimeException.class, () -> auth.login("carol", "carol-password".toCharArray(), CLIENT));
            assertEquals(bcrypt, storedHash(url), "a login that could not open its session does not rewrite the hash");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabases.class, names = "H2")
    void createWhenCustomQueryDoesNotBindParameterThenConfigErrorNamesKey(TestDatabases database) {
        Map<String, String> bad = new HashMap<>(mapping(false));
        bad.put("jwtauth.jdbc.users.by-name", "SELECT * FROM app_users WHERE login = 'x'");
        ConfigException error = assertThrows(ConfigException.class, () -> JdbcStores.create(TestDatabases.settings(database.url(), bad)));
        assertEquals("jwtauth.jdbc.users.by-name", error.key());
    }
}
