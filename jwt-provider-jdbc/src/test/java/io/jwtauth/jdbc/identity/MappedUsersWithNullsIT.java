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
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 7: NULLs in a mapped users table. A NULL hash made the renewal throw (sha256(null)) and the
 * container's own 500 page answered. Such users are refused, on every database, and nothing throws.
 */
class MappedUsersWithNullsIT {
    private static final ClientInfo CLIENT = ClientInfo.local();

    private static Map<String, String> mapping() {
        String select = "SELECT CAST(id AS VARCHAR(20)) AS user_id, login AS username, pwd AS password_hash FROM app_users ";
        return Map.of("jwtauth.jdbc.users.by-name", select + "WHERE login = :username",
                "jwtauth.jdbc.users.by-id", select + "WHERE CAST(id AS VARCHAR(20)) = :userId");
    }

    private static void execute(String url, String sql, Object... values) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginAndRenewalWhenHashOrNameIsNullThenRefusedNotThrown(TestDatabases database) throws Exception {
        String url = database.url();
        TestDatabases.dropTables(url, "app_users");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100), pwd VARCHAR(200))");
        }
        String hash = PasswordHashing.defaults().hash("erin-password-1".toCharArray());
        execute(url, "INSERT INTO app_users VALUES (?, ?, ?)", 1, "erin", hash);
        execute(url, "INSERT INTO app_users VALUES (?, ?, ?)", 2, "frank", null);
        execute(url, "INSERT INTO app_users VALUES (?, ?, ?)", 3, null, hash);
        var settings = TestDatabases.settings(url, mapping());
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).pollManually(new ManualPolling()).build()) {
            TokenResponse erin = auth.login("erin", "erin-password-1".toCharArray(), CLIENT);
            AuthException frank = assertThrows(AuthException.class, () -> auth.login("frank", "anything".toCharArray(), CLIENT));
            assertEquals(AuthError.BAD_CREDENTIALS, frank.error());

            // The application clears erin's hash (a disabled account, say): her renewal is refused, not a crash.
            execute(url, "UPDATE app_users SET pwd = NULL WHERE id = 1");
            AuthException renewal = assertThrows(AuthException.class, () -> auth.renew(erin.accessToken(), erin.renewalToken(), CLIENT));
            assertEquals(AuthError.BAD_TOKEN, renewal.error(), renewal.getMessage());

            // And a row without a user name cannot be reached, by name or by id.
            execute(url, "UPDATE app_users SET pwd = ?, login = NULL WHERE id = 1", hash);
            assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                    () -> auth.login("erin", "erin-password-1".toCharArray(), CLIENT)).error());
        }
    }
}
