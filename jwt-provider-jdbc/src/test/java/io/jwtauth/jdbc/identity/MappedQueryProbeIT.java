package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 14: a typo in a mapped SQL setting answered every login with 503 and {@code Retry-After}, for
 * ever. It now fails start-up naming the key, and a permanent database error is not reported as transient.
 */
class MappedQueryProbeIT {
    private static final String SELECT = "SELECT CAST(id AS VARCHAR(20)) AS user_id, login AS username, pwd AS password_hash FROM app_users ";

    private static String createTable(TestDatabases database) throws Exception {
        String url = database.url();
        TestDatabases.dropTables(url, "app_users");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100), pwd VARCHAR(200))");
        }
        return url;
    }

    private static Map<String, String> mapping(String byName, String updatePassword) {
        Map<String, String> mapping = new HashMap<>(Map.of("jwtauth.jdbc.users.by-name", byName,
                "jwtauth.jdbc.users.by-id", SELECT + "WHERE CAST(id AS VARCHAR(20)) = :userId"));
        if (updatePassword != null) {
            mapping.put("jwtauth.jdbc.users.update-password", updatePassword);
        }
        return mapping;
    }

    private static ConfigException startFails(String url, Map<String, String> mapping) {
        return assertThrows(ConfigException.class, () -> JdbcStores.create(TestDatabases.settings(url, mapping)).close());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void startWhenAMappedQueryHasATypoThenItFailsNamingTheKey(TestDatabases database) throws Exception {
        String url = createTable(database);
        ConfigException table = startFails(url, mapping(SELECT.replace("app_users", "app_userz") + "WHERE login = :username", null));
        assertEquals("jwtauth.jdbc.users.by-name", table.key(), table.getMessage());
        assertTrue(table.getMessage().toLowerCase().contains("app_userz"), table.getMessage());

        ConfigException column = startFails(url, mapping(SELECT.replace("pwd AS password_hash", "pwd AS passwd") + "WHERE login = :username", null));
        assertEquals("jwtauth.jdbc.users.by-name", column.key());
        assertTrue(column.getMessage().contains("password_hash"), column.getMessage());

        ConfigException update = startFails(url, mapping(SELECT + "WHERE login = :username",
                "UPDATE app_users SET pwdx = :passwordHash WHERE CAST(id AS VARCHAR(20)) = :userId"));
        assertEquals("jwtauth.jdbc.users.update-password", update.key(), update.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenTheMappedTableIsGoneThenAPermanentErrorNotUnavailable(TestDatabases database) throws Exception {
        String url = createTable(database);
        var settings = TestDatabases.settings(url, mapping(SELECT + "WHERE login = :username", null));
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).pollManually(new ManualPolling()).build()) {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE app_users");
            }
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> auth.login("someone", "password-1".toCharArray(), ClientInfo.local()));
            assertTrue(!(failure instanceof AuthException), "a missing table is not 'try again later': " + failure);
            assertTrue(failure.getMessage().contains("SQLState"), failure.getMessage());
        }
    }
}
