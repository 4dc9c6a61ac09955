package io.jwtauth.jdbc.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The database goes away and comes back: requests get {@code unavailable}, then work, and nothing committed is lost. */
class DatabaseOutageIT {
    /** Delegates to H2 until switched off, then fails every connection as a dead pool would. */
    static final class SwitchableDataSource implements DataSource {
        private final DataSource delegate;
        volatile boolean down;

        SwitchableDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("jwtauth - Connection is not available, request timed out", "08001");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    @Test
    void requestsWhenDatabaseDownThenUnavailableAndRecoverWithNothingLost() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(TestDatabases.H2.url());
        SwitchableDataSource dataSource = new SwitchableDataSource(h2);
        JdbcStores stores = JdbcStores.create(dataSource, TestDatabases.settings("jdbc:unused", Map.of()));
        stores.users().createUser("erin", "Erin", "erin-password-1".toCharArray(), Set.of("Users"));
        ClientInfo client = ClientInfo.local();
        Settings settings = TestDatabases.settings("jdbc:unused", Map.of());
        ManualPolling polling = new ManualPolling();
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(polling).build();
             AuthService otherNode = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            TokenResponse before = auth.login("erin", "erin-password-1".toCharArray(), client);
            TokenResponse other = otherNode.login("erin", "erin-password-1".toCharArray(), client);
            auth.authenticate(before.accessToken());

            dataSource.down = true;
            AuthException login = assertThrows(AuthException.class, () -> auth.login("erin", "erin-password-1".toCharArray(), client));
            assertEquals(AuthError.UNAVAILABLE, login.error());
            assertNotNull(login.retryAfter());
            assertEquals(AuthError.UNAVAILABLE, assertThrows(AuthException.class,
                    () -> auth.renew(before.accessToken(), before.renewalToken(), client)).error());
            assertEquals(AuthError.UNAVAILABLE, assertThrows(AuthException.class,
                    () -> auth.authenticate(other.accessToken())).error(), "a session this node never cached cannot be checked");
            // A cached live session keeps working within the staleness window.
            auth.authenticate(before.accessToken());

            dataSource.down = false;
            polling.poll();
            TokenResponse renewed = auth.renew(before.accessToken(), before.renewalToken(), client);
            auth.authenticate(renewed.accessToken());
            auth.authenticate(other.accessToken());
        }
    }
}
