package io.jwtauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import java.sql.Connection;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code jwtauth.jdbc.jndi}: the container's DataSource, looked up by name, used and never closed by jwtauth. */
class JndiDataSourceIT {
    static final Map<String, Object> BINDINGS = new ConcurrentHashMap<>();

    /** A minimal naming context, as a servlet container provides one: look-ups by name only. */
    public static final class TestContextFactory implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) java.lang.reflect.Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("lookup") && args.length == 1) {
                            Object found = BINDINGS.get(args[0].toString());
                            if (found == null) {
                                throw new NameNotFoundException(args[0].toString());
                            }
                            if (found instanceof NamingException failure) {
                                throw failure;
                            }
                            return found;
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new NamingException("not supported in this test context: " + method.getName());
                    });
        }
    }

    @AfterEach
    void clear() {
        BINDINGS.clear();
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
    }

    @Test
    void jndiWhenDataSourceBoundThenUsedAndLeftOpen() throws Exception {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestContextFactory.class.getName());
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(TestDatabases.H2.url());
        BINDINGS.put("java:comp/env/jdbc/AppDB", dataSource);
        assertEquals(dataSource, new InitialContext().lookup("java:comp/env/jdbc/AppDB"));

        Settings settings = Settings.of(Map.of("jwtauth.jdbc.jndi", "java:comp/env/jdbc/AppDB", "jwtauth.jdbc.schema.create", "true",
                "jwtauth.key.secret", "jndi-test-secret-0123456789abcdef012", "jwtauth.issuer", "jndi",
                "jwtauth.jdbc.password.argon2.memory-kib", "8192", "jwtauth.jdbc.password.argon2.iterations", "1"));
        JdbcStores stores = JdbcStores.create(settings);
        stores.users().createUser("jane", "Jane", "jane-password-1".toCharArray(), Set.of("R"));
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            String token = auth.login("jane", "jane-password-1".toCharArray(), ClientInfo.local()).accessToken();
            assertEquals("jane", auth.authenticate(token).getName());
        }
        // jwtauth closed its stores; the container's DataSource still works.
        try (Connection connection = dataSource.getConnection()) {
            assertTrue(connection.isValid(1));
        }
    }

    @Test
    void jndiWhenNameUnboundThenConfigErrorNamesTheKey() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestContextFactory.class.getName());
        ConfigException error = assertThrows(ConfigException.class,
                () -> JdbcStores.create(Settings.of(Map.of("jwtauth.jdbc.jndi", "java:comp/env/jdbc/Missing"))));
        assertEquals("jwtauth.jdbc.jndi", error.key());
        assertTrue(error.getMessage().contains("java:comp/env/jdbc/Missing"), error.getMessage());
    }

    /**
     * Issue 20, item 6: when the container's pool cannot create its DataSource (its driver is missing), Tomcat's
     * look-up fails with a NamingException whose root cause says why; jwtauth said "no DataSource bound".
     */
    @Test
    void jndiWhenContainerCannotCreateTheDataSourceThenTheCauseIsGiven() {
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestContextFactory.class.getName());
        NamingException failure = new NamingException("Could not create resource factory instance");
        failure.setRootCause(new ClassNotFoundException("org.postgresql.Driver"));
        BINDINGS.put("java:comp/env/jdbc/AppDB", failure);
        ConfigException error = assertThrows(ConfigException.class,
                () -> JdbcStores.create(Settings.of(Map.of("jwtauth.jdbc.jndi", "java:comp/env/jdbc/AppDB"))));
        assertEquals("jwtauth.jdbc.jndi", error.key());
        assertTrue(error.getMessage().contains("ClassNotFoundException: org.postgresql.Driver"), error.getMessage());
        assertTrue(error.getMessage().contains("could not create"), error.getMessage());
        assertTrue(!error.getMessage().contains("no DataSource bound"), error.getMessage());
    }

    @Test
    void settingsWhenBothUrlAndJndiOrNeitherThenRefused() {
        assertEquals("jwtauth.jdbc.url", assertThrows(ConfigException.class, () -> JdbcStores.create(Settings.of(Map.of()))).key());
        assertEquals("jwtauth.jdbc.url", assertThrows(ConfigException.class, () -> JdbcStores.create(Settings.of(Map.of(
                "jwtauth.jdbc.url", "jdbc:h2:mem:x", "jwtauth.jdbc.jndi", "java:comp/env/jdbc/AppDB")))).key());
        assertEquals("jwtauth.jdbc.url", assertThrows(ConfigException.class, () -> JdbcStores.create(Settings.of(Map.of(
                "jwtauth.jdbc.url", "postgres://nope")))).key());
    }
}
