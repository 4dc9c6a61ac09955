package io.jwtauth.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.internal.Failures;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.jdbc.identity.JdbcIdentityStore;
import io.jwtauth.jdbc.identity.JdbcLoginFailures;
import io.jwtauth.jdbc.identity.UserQueries;
import io.jwtauth.jdbc.internal.Jdbc;
import io.jwtauth.jdbc.schema.Dialect;
import io.jwtauth.jdbc.schema.SchemaInstaller;
import io.jwtauth.jdbc.sessions.ChangeSignal;
import io.jwtauth.jdbc.sessions.JdbcSessionStore;
import io.jwtauth.jdbc.sessions.PostgresChangeSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC provider: identity and session stores on one Jdbi, over a HikariCP pool built from
 * {@code jwtauth.jdbc.url} or a container {@link DataSource} looked up by {@code jwtauth.jdbc.jndi}.
 * Thread-safe; {@link #close()} closes the pool it created (never a container's DataSource).
 */
public final class JdbcStores implements StoreProvider {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStores.class);

    private final Jdbc jdbc;
    private final HikariDataSource ownPool;
    private final Dialect dialect;
    private final JdbcIdentityStore identities;
    private final JdbcSessionStore sessions;
    private final UserAdmin users;
    private final ChangeSignal signal;
    private final JdbcLoginFailures loginFailures;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Assembles the stores; every I/O of start-up happened before, in {@link #open}'s named steps. */
    private JdbcStores(JdbcSettings settings, Jdbc jdbc, Dialect dialect, UserQueries queries, ChangeSignal signal,
                       boolean sharedFailures, HikariDataSource ownPool) {
        this.ownPool = ownPool;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.signal = signal;
        this.sessions = new JdbcSessionStore(jdbc, dialect, settings.statementTimeout(), signal, sharedFailures);
        this.identities = new JdbcIdentityStore(jdbc, queries, settings.hashing(), settings.rehash(), settings.usersByName() == null);
        this.loginFailures = sharedFailures ? new JdbcLoginFailures(jdbc, dialect) : null;
        this.users = new UserAdmin(jdbc, queries, settings.hashing(), sessions, Clock.systemUTC());
    }

    /** Builds the provider from {@code jwtauth.jdbc.*}; a {@link ConfigException} names any bad key. */
    public static JdbcStores create(Settings settings) {
        JdbcSettings jdbcSettings = JdbcSettings.from(settings);
        if (jdbcSettings.connections() instanceof JdbcSettings.Connections.Jndi jndi) {
            return open(jdbcSettings, lookup(jndi.name()), null);
        }
        HikariDataSource pool = pool(jdbcSettings, (JdbcSettings.Connections.Url) jdbcSettings.connections());
        try {
            return open(jdbcSettings, pool, pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Builds the provider on a DataSource the caller owns (and closes); {@code jwtauth.jdbc.url} and {@code .jndi} are not read. */
    public static JdbcStores create(DataSource dataSource, Settings settings) {
        return open(JdbcSettings.forSuppliedDataSource(settings), dataSource, null);
    }

    /**
     * Start-up, step by step, each step doing its own I/O: find the database, prepare or check the schema, probe
     * the mapped users queries, see whether failed logins can be counted in the database, start the change signal.
     */
    private static JdbcStores open(JdbcSettings settings, DataSource dataSource, HikariDataSource ownPool) {
        Jdbc jdbc = new Jdbc(dataSource, settings.statementTimeout());
        Dialect dialect = detectDialect(dataSource, settings);
        boolean ownUsers = settings.usersByName() == null;
        prepareSchema(jdbc, dialect, settings, ownUsers);
        UserQueries queries = ownUsers ? UserQueries.ownTables()
                : new UserQueries(settings.usersByName(), settings.usersById(), settings.rolesQuery(), settings.updatePassword(),
                        settings.rehashPassword());
        if (!ownUsers) {
            MappedQueryProbe.run(jdbc, settings);
        }
        boolean sharedFailures = JdbcLoginFailures.available(jdbc);
        if (!sharedFailures) {
            LOG.warn("jwtauth: table jwtauth_login_failures is missing, so each node counts failed logins alone; "
                    + "run the schema script for {} to count them cluster-wide", dialect);
        }
        ChangeSignal signal = dialect == Dialect.POSTGRESQL && settings.notifyChanges() ? new PostgresChangeSignal(dataSource)
                : ChangeSignal.NONE;
        return new JdbcStores(settings, jdbc, dialect, queries, signal, sharedFailures, ownPool);
    }

    /** Creates the schema when asked to, then checks that every table jwtauth needs is there, naming the first that is not. */
    private static void prepareSchema(Jdbc jdbc, Dialect dialect, JdbcSettings settings, boolean ownUsers) {
        if (settings.createSchema()) {
            SchemaInstaller.install(jdbc, dialect, ownUsers);
        }
        SchemaInstaller.firstMissingTable(jdbc, ownUsers).ifPresent(missing -> {
            String db = dialect.name().toLowerCase(java.util.Locale.ROOT);
            // Named by the key the user did set: the database it points at lacks the table.
            JdbcSettings.Connections connections = settings.connections();
            String key = connections instanceof JdbcSettings.Connections.Url ? JdbcSettings.URL
                    : connections instanceof JdbcSettings.Connections.Jndi ? JdbcSettings.JNDI : "jwtauth.jdbc (the DataSource given in code)";
            throw new ConfigException(key, "table " + missing.table() + " is missing or not readable in that database ("
                    + Jdbc.databaseMessage(missing.failure()) + "); create jwtauth's schema with the script `jwtauth schema --db " + db
                    + (ownUsers ? "" : " --without-users") + "` prints (--db is h2, postgresql or mariadb; MySQL: mariadb; the "
                    + "scripts are also in jwt-provider-jdbc.jar as " + dialect.scriptResource().substring(1) + "), or set "
                    + JdbcSettings.SCHEMA_CREATE + "=true to create it at start", missing.failure());
        });
    }

    private static HikariDataSource pool(JdbcSettings settings, JdbcSettings.Connections.Url connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("jwtauth");
        config.setJdbcUrl(connections.url());
        String driver = JdbcDrivers.driverClassFor(connections.url(), connections.driver());
        try {
            config.setDriverClassName(driver);
        } catch (RuntimeException e) {
            throw new ConfigException(connections.driver() != null ? JdbcSettings.DRIVER : JdbcSettings.URL,
                    "cannot load the JDBC driver " + driver + " (" + e.getMessage() + ")", e);
        }
        if (connections.user() != null) {
            config.setUsername(connections.user());
        }
        if (connections.password() != null) {
            config.setPassword(connections.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        // Fail a request fast with 503 when the database is down, rather than hold the thread.
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(settings.connectionTimeout().toMillis(), 1000));
        boundNetworkWaits(config, connections.url(), settings);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new ConfigException(JdbcSettings.URL, "cannot connect to the database ("
                    + Settings.maskCredentials(rootMessage(e)) + ")", e);
        } catch (RuntimeException e) {
            throw new ConfigException(JdbcSettings.URL, "cannot create a connection pool: " + Settings.maskCredentials(e.getMessage()), e);
        }
    }

    /**
     * A connection the network dropped must not hang a thread (the feed poller's above all): a socket timeout
     * well above the statement timeout, and on PostgreSQL a server-side limit on a transaction left idle, so a
     * write whose client stalled mid-transaction is rolled back rather than committed late; on H2 a lock wait
     * as long as the statement timeout. A value already in the URL wins. A container's DataSource is configured by the container.
     */
    private static void boundNetworkWaits(HikariConfig config, String url, JdbcSettings settings) {
        long statementMillis = settings.statementTimeout().toMillis();
        long socketMillis = Math.max(3 * statementMillis, 15_000);
        if (url.startsWith("jdbc:postgresql:")) {
            if (!url.contains("socketTimeout")) {
                config.addDataSourceProperty("socketTimeout", String.valueOf(socketMillis / 1000));
            }
            config.setConnectionInitSql("SET idle_in_transaction_session_timeout = " + statementMillis);
        } else if (url.startsWith("jdbc:h2:")) {
            // H2's query timeout does not end a lock wait; its lock timeout does.
            config.setConnectionInitSql("SET LOCK_TIMEOUT " + statementMillis);
        } else if ((url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) && !url.contains("socketTimeout")) {
            config.addDataSourceProperty("socketTimeout", String.valueOf(socketMillis));
        }
    }

    private static DataSource lookup(String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new ConfigException(JdbcSettings.JNDI, "'" + name + "' is not a javax.sql.DataSource");
        } catch (javax.naming.NameNotFoundException e) {
            throw new ConfigException(JdbcSettings.JNDI, "no DataSource bound at '" + name + "' (declare it in the container, "
                    + "e.g. a <Resource> in Tomcat's context.xml, and a <resource-ref> in web.xml)", e);
        } catch (NamingException e) {
            // The name is there, but the container could not create what it names (Tomcat: its pool's driver is
            // missing from the container's lib folder). The root cause says which; the naming error only says "failed".
            Throwable cause = e.getRootCause() != null ? e.getRootCause() : e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(JdbcSettings.JNDI, "the container could not create the DataSource at '" + name + "': "
                    + cause.getClass().getSimpleName() + ": " + Settings.maskCredentials(String.valueOf(cause.getMessage())), e);
        }
    }

    private static Dialect detectDialect(DataSource dataSource, JdbcSettings settings) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            // A container's pool is often built lazily (Tomcat's DBCP): a driver it cannot load shows up only here.
            // The operator needs the reason, credentials masked; no client ever sees this message.
            Throwable root = Failures.rootCause(e);
            String reason = Settings.maskCredentials(String.valueOf(e.getMessage()).lines().findFirst().orElse(""))
                    + (root != e ? " (" + Settings.maskCredentials(rootMessage(e)) + ")" : "");
            boolean jndi = settings.connections() instanceof JdbcSettings.Connections.Jndi;
            throw new ConfigException(jndi ? JdbcSettings.JNDI : JdbcSettings.URL, "cannot connect to the database: " + reason
                    + (jndi && root instanceof ClassNotFoundException ? "; a container's pool needs its driver jar in the container's "
                    + "lib folder" : ""), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(JdbcSettings.URL, e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Failures.rootCause(e);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public IdentityStore identityStore() {
        return identities;
    }

    @Override
    public SessionStore sessionStore() {
        return sessions;
    }

    /** Failed logins counted in the database, so the limits hold for the whole cluster. */
    @Override
    public java.util.Optional<io.jwtauth.core.spi.LoginFailureStore> loginFailures() {
        return java.util.Optional.ofNullable(loginFailures);
    }

    /** Core runs on this provider: {@link UserAdmin}'s password changes and disabled users end sessions through it. */
    @Override
    public void attach(io.jwtauth.core.spi.SessionControl control) {
        users.attach(control);
    }

    /** User management (own tables) and password changes that end sessions at once. */
    public UserAdmin users() {
        return users;
    }

    /** SQL statements executed through this provider since it started. */
    public long statementCount() {
        return jdbc.statementCount();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            signal.close();
            if (ownPool != null) {
                ownPool.close();
                LOG.info("jwtauth: connection pool closed");
            }
            WebAppResources.release();
        }
    }
}
