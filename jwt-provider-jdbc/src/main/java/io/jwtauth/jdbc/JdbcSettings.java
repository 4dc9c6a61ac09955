package io.jwtauth.jdbc;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.time.Duration;
import java.util.Set;

/** The provider's typed configuration ({@code jwtauth.jdbc.*}), validated once. Immutable. */
public final class JdbcSettings {
    public static final String URL = "jwtauth.jdbc.url";
    public static final String DRIVER = "jwtauth.jdbc.driver";
    public static final String USER = "jwtauth.jdbc.user";
    public static final String PASSWORD = "jwtauth.jdbc.password";
    public static final String JNDI = "jwtauth.jdbc.jndi";
    public static final String POOL_SIZE = "jwtauth.jdbc.pool-size";
    public static final String CONNECTION_TIMEOUT = "jwtauth.jdbc.connection-timeout";
    public static final String SCHEMA_CREATE = "jwtauth.jdbc.schema.create";
    public static final String USERS_BY_NAME = "jwtauth.jdbc.users.by-name";
    public static final String USERS_BY_ID = "jwtauth.jdbc.users.by-id";
    public static final String USERS_ROLES = "jwtauth.jdbc.users.roles";
    public static final String USERS_UPDATE_PASSWORD = "jwtauth.jdbc.users.update-password";
    public static final String USERS_REHASH_PASSWORD = "jwtauth.jdbc.users.rehash-password";
    public static final String PASSWORD_REHASH = "jwtauth.jdbc.password.rehash";
    public static final String ARGON2_MEMORY = "jwtauth.jdbc.password.argon2.memory-kib";
    public static final String ARGON2_ITERATIONS = "jwtauth.jdbc.password.argon2.iterations";
    public static final String ARGON2_PARALLELISM = "jwtauth.jdbc.password.argon2.parallelism";
    public static final String STATEMENT_TIMEOUT = "jwtauth.jdbc.statement-timeout";
    public static final String NOTIFY = "jwtauth.jdbc.notify";

    public static final Set<String> KEYS = Set.of(URL, DRIVER, USER, PASSWORD, JNDI, POOL_SIZE, CONNECTION_TIMEOUT, SCHEMA_CREATE,
            USERS_BY_NAME, USERS_BY_ID, USERS_ROLES, USERS_UPDATE_PASSWORD, USERS_REHASH_PASSWORD, PASSWORD_REHASH, ARGON2_MEMORY,
            ARGON2_ITERATIONS, ARGON2_PARALLELISM, STATEMENT_TIMEOUT, NOTIFY);

    private final Connections connections;
    private final int poolSize;
    private final Duration connectionTimeout;
    private final boolean createSchema;
    private final String usersByName;
    private final String usersById;
    private final String rolesQuery;
    private final String updatePassword;
    private final String rehashPassword;
    private final boolean rehash;
    private final PasswordHashing hashing;
    private final Duration statementTimeout;
    private final boolean notify;

    /**
     * Where the provider's connections come from, exactly one of three: a JDBC URL jwtauth pools itself, a container's
     * DataSource found by its JNDI name, or a DataSource the application supplied in code.
     */
    public sealed interface Connections permits Connections.Url, Connections.Jndi, Connections.Supplied {
        /** {@code jwtauth.jdbc.url} (with the optional driver, user and password): jwtauth's own HikariCP pool. */
        record Url(String url, String driver, String user, String password) implements Connections {
            @Override
            public String toString() {
                return "Url[" + Settings.maskCredentials(url) + "]"; // never the password
            }
        }

        /** {@code jwtauth.jdbc.jndi}: the container's pool. */
        record Jndi(String name) implements Connections {
        }

        /** A DataSource handed to {@link JdbcStores#create(javax.sql.DataSource, Settings)}: the caller's pool. */
        record Supplied() implements Connections {
        }
    }

    private JdbcSettings(Settings settings, boolean supplied) {
        this.connections = supplied ? new Connections.Supplied() : connections(settings);
        this.poolSize = settings.integer(POOL_SIZE, 10, 1, 500);
        this.connectionTimeout = settings.duration(CONNECTION_TIMEOUT, Duration.ofSeconds(3), Duration.ofMillis(250), Duration.ofMinutes(1));
        this.createSchema = settings.bool(SCHEMA_CREATE, false);
        this.statementTimeout = settings.duration(STATEMENT_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(5));
        this.notify = settings.bool(NOTIFY, true);
        this.usersByName = sql(settings, USERS_BY_NAME, ":username");
        this.usersById = sql(settings, USERS_BY_ID, ":userId");
        if ((usersByName == null) != (usersById == null)) {
            throw new ConfigException(usersByName == null ? USERS_BY_NAME : USERS_BY_ID,
                    "set both " + USERS_BY_NAME + " and " + USERS_BY_ID + " to map an existing users table");
        }
        this.rolesQuery = sql(settings, USERS_ROLES, ":userId");
        this.updatePassword = sql(settings, USERS_UPDATE_PASSWORD, ":passwordHash");
        if (updatePassword != null && !updatePassword.contains(":userId")) {
            throw new ConfigException(USERS_UPDATE_PASSWORD, "must bind :userId and :passwordHash");
        }
        this.rehashPassword = sql(settings, USERS_REHASH_PASSWORD, ":oldHash");
        if (rehashPassword != null && !(rehashPassword.contains(":userId") && rehashPassword.contains(":passwordHash"))) {
            throw new ConfigException(USERS_REHASH_PASSWORD, "must bind :userId, :passwordHash and :oldHash, and change the row "
                    + "only while its hash is :oldHash");
        }
        this.rehash = settings.bool(PASSWORD_REHASH, true);
        this.hashing = new PasswordHashing(
                settings.integer(ARGON2_MEMORY, PasswordHashing.DEFAULT_MEMORY_KIB, 8 * 1024, 4 * 1024 * 1024),
                settings.integer(ARGON2_ITERATIONS, PasswordHashing.DEFAULT_ITERATIONS, 1, 100),
                settings.integer(ARGON2_PARALLELISM, PasswordHashing.DEFAULT_PARALLELISM, 1, 64));
    }

    /** Validates the provider's keys; throws {@link ConfigException} naming the first bad one. */
    public static JdbcSettings from(Settings settings) {
        return new JdbcSettings(settings, false);
    }

    /** As {@link #from}, for a DataSource supplied in code: the connection keys are then not read. */
    static JdbcSettings forSuppliedDataSource(Settings settings) {
        return new JdbcSettings(settings, true);
    }

    private static Connections connections(Settings settings) {
        String jndiName = settings.get(JNDI).orElse(null);
        String url = settings.get(URL).orElse(null);
        if ((jndiName == null) == (url == null)) {
            throw new ConfigException(URL, "set exactly one of " + URL + " (a JDBC URL, e.g. jdbc:h2:./data/jwtauth) or "
                    + JNDI + " (a container DataSource, e.g. java:comp/env/jdbc/app)");
        }
        String driver = settings.get(DRIVER).orElse(null);
        if (jndiName != null) {
            if (driver != null) {
                throw new ConfigException(DRIVER, "applies to " + URL + " only; a container's DataSource brings its own driver");
            }
            return new Connections.Jndi(jndiName);
        }
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException(URL, "must start with jdbc:, was '" + Settings.maskCredentials(url) + "'");
        }
        return new Connections.Url(url, driver, settings.get(USER).orElse(null), settings.get(PASSWORD).orElse(null));
    }

    /** Where the connections come from. */
    public Connections connections() {
        return connections;
    }

    /** Custom SQL must use bound parameters: the named parameter is required, string concatenation impossible. */
    private static String sql(Settings settings, String key, String requiredParameter) {
        String value = settings.get(key).orElse(null);
        if (value != null && !value.contains(requiredParameter)) {
            throw new ConfigException(key, "must bind the parameter " + requiredParameter);
        }
        return value;
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** Every statement's timeout; also bounds a write's transaction, which the revocation feed relies on. */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** Whether to push feed wake-ups with PostgreSQL's LISTEN/NOTIFY (ignored on other databases). */
    public boolean notifyChanges() {
        return notify;
    }

    public boolean createSchema() {
        return createSchema;
    }

    /** Custom user query by name, or {@code null} for jwtauth's own tables. */
    public String usersByName() {
        return usersByName;
    }

    public String usersById() {
        return usersById;
    }

    public String rolesQuery() {
        return rolesQuery;
    }

    public String updatePassword() {
        return updatePassword;
    }

    /** Conditional hash upgrade for a mapped table, or {@code null}: mapped tables are upgraded only when this is set. */
    public String rehashPassword() {
        return rehashPassword;
    }

    public boolean rehash() {
        return rehash;
    }

    PasswordHashing hashing() {
        return hashing;
    }
}
