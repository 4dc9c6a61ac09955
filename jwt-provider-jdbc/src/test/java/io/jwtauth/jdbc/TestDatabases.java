package io.jwtauth.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jwtauth.core.config.Settings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The databases the integration suites run on. H2 always; PostgreSQL and MariaDB when their URL variable
 * is set (CI sets both). A database that was asked for but cannot be reached fails the tests: the reset
 * below connects and throws.
 */
public enum TestDatabases {
    H2(null), POSTGRESQL("JWTAUTH_TEST_POSTGRES_URL"), MARIADB("JWTAUTH_TEST_MARIADB_URL");

    private final String variable;

    TestDatabases(String variable) {
        this.variable = variable;
    }

    /** The JDBC URL, skipping the test when this database was not asked for. */
    public String url() {
        if (variable == null) {
            return "jdbc:h2:mem:jwtauth-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        String url = System.getenv(variable);
        assumeTrue(url != null && !url.isBlank(), variable + " not set: " + name() + " tests not requested");
        return url;
    }

    /** Drops jwtauth's tables (and {@code extraTables}) so each suite starts empty. */
    public static void dropTables(String url, String... extraTables) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String table : extraTables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("DROP TABLE IF EXISTS jwtauth_user_roles");
            statement.execute("DROP TABLE IF EXISTS jwtauth_users");
            statement.execute("DROP TABLE IF EXISTS jwtauth_sessions");
            statement.execute("DROP TABLE IF EXISTS jwtauth_session_changes");
            statement.execute("DROP TABLE IF EXISTS jwtauth_login_failures");
        } catch (SQLException e) {
            throw new IllegalStateException("database at " + Settings.maskCredentials(url)
                    + " was requested but cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * A provider on an emptied database holding the two users core's contract suites expect: {@code alice} /
     * {@code alice-password-1} and {@code bob} / {@code bob-password-1}, both in {@code Registered Users}.
     */
    public static JdbcStores storesWithAliceAndBob(String url) {
        dropTables(url);
        JdbcStores stores = JdbcStores.create(settings(url, Map.of()));
        stores.users().createUser("alice", "Alice A.", "alice-password-1".toCharArray(), java.util.Set.of("Registered Users"));
        stores.users().createUser("bob", "Bob B.", "bob-password-1".toCharArray(), java.util.Set.of("Registered Users"));
        return stores;
    }

    /** Settings for a provider on {@code url} with the schema created and fast (test-only) argon2 parameters. */
    public static Settings settings(String url, Map<String, String> extra) {
        Map<String, String> raw = new HashMap<>();
        raw.put("jwtauth.key.secret", "0123456789abcdef0123456789abcdef");
        raw.put("jwtauth.issuer", "jdbc-test");
        raw.put("jwtauth.jdbc.url", url);
        raw.put("jwtauth.jdbc.schema.create", "true");
        raw.put("jwtauth.jdbc.pool-size", "60");
        raw.put("jwtauth.jdbc.password.argon2.memory-kib", "8192");
        raw.put("jwtauth.jdbc.password.argon2.iterations", "1");
        raw.putAll(extra);
        return Settings.of(raw);
    }
}
