package io.jwtauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.jdbc.schema.Dialect;
import io.jwtauth.jdbc.schema.SchemaInstaller;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A missing schema fails start-up naming the table and the script to run (not the first login, with a bare
 * SQLState); the shipped script is what a DBA runs; a mapped users table means no {@code jwtauth_users}.
 */
class SchemaCheckIT {
    private static Map<String, String> mapping(boolean createSchema) {
        Map<String, String> mapping = new HashMap<>();
        String select = "SELECT login AS user_id, login AS username, pwd AS password_hash FROM app_accounts ";
        mapping.put(JdbcSettings.USERS_BY_NAME, select + "WHERE login = :username");
        mapping.put(JdbcSettings.USERS_BY_ID, select + "WHERE login = :userId");
        mapping.put(JdbcSettings.SCHEMA_CREATE, Boolean.toString(createSchema));
        return mapping;
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Runs a script as a DBA would: statement by statement. */
    private static void runScript(String url, String script) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\n")) {
                String body = sql.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
                if (!body.isEmpty()) {
                    statement.execute(body);
                }
            }
        }
    }

    /**
     * Whether the table is in the connection's own database and schema: a server shared with other applications (a
     * second checkout, another program with jwtauth's tables) has them elsewhere too, and MariaDB's metadata searches
     * every catalog when it is not named.
     */
    private static boolean tableExists(String url, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT)}) {
                try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(), name, null)) {
                    if (tables.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static Dialect dialect(TestDatabases database) {
        return switch (database) {
            case H2 -> Dialect.H2;
            case POSTGRESQL -> Dialect.POSTGRESQL;
            case MARIADB -> Dialect.MARIADB;
        };
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void createWhenSchemaMissingThenStartFailsNamingTableAndScript(TestDatabases database) {
        String url = database.url();
        TestDatabases.dropTables(url);
        ConfigException error = assertThrows(ConfigException.class,
                () -> JdbcStores.create(TestDatabases.settings(url, Map.of(JdbcSettings.SCHEMA_CREATE, "false"))).close());
        // #34 item 8: named by the key the user set (the database it points at lacks the table), not one they never set.
        assertEquals(JdbcSettings.URL, error.key());
        assertTrue(error.getMessage().contains("--db is h2, postgresql or mariadb"), error.getMessage());
        assertTrue(error.getMessage().contains(JdbcSettings.SCHEMA_CREATE + "=true"), error.getMessage());
        String db = database.name().toLowerCase(java.util.Locale.ROOT);
        assertTrue(error.getMessage().contains("table jwtauth_users is missing"), error.getMessage());
        assertTrue(error.getMessage().contains("jwtauth schema --db " + db), error.getMessage());
        assertTrue(error.getMessage().contains("io/jwtauth/jdbc/schema/"), error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void createWhenUsersMappedThenJwtauthUsersNeitherRequiredNorCreated(TestDatabases database) throws Exception {
        String url = database.url();
        if (database == TestDatabases.MARIADB) {
            // Another application on the same server with jwtauth's tables of its own.
            execute(url, "CREATE DATABASE IF NOT EXISTS jwtauth_neighbour");
            execute(url, "CREATE TABLE IF NOT EXISTS jwtauth_neighbour.jwtauth_users (user_id VARCHAR(64) PRIMARY KEY)");
        }
        TestDatabases.dropTables(url, "app_accounts");
        execute(url, "CREATE TABLE app_accounts (login VARCHAR(64) PRIMARY KEY, pwd VARCHAR(200))");
        // Without the session tables the start fails, naming the first one (not jwtauth_users).
        ConfigException missing = assertThrows(ConfigException.class,
                () -> JdbcStores.create(TestDatabases.settings(url, mapping(false))).close());
        assertTrue(missing.getMessage().contains("table jwtauth_sessions is missing"), missing.getMessage());
        assertTrue(missing.getMessage().contains("--without-users"), missing.getMessage());

        // The DBA runs the shipped script for a mapped table; jwtauth then starts, and made no users table.
        runScript(url, SchemaInstaller.script(dialect(database), false));
        JdbcStores.create(TestDatabases.settings(url, mapping(false))).close();
        assertFalse(tableExists(url, "jwtauth_users"), "the application's table is the users table");
        assertTrue(tableExists(url, "jwtauth_sessions"));

        // schema.create=true with a mapped table creates the session tables only.
        TestDatabases.dropTables(url);
        JdbcStores.create(TestDatabases.settings(url, mapping(true))).close();
        assertFalse(tableExists(url, "jwtauth_users"));
        assertFalse(tableExists(url, "jwtauth_user_roles"));
        assertTrue(tableExists(url, "jwtauth_session_changes"));
        TestDatabases.dropTables(url, "app_accounts");
    }
}
