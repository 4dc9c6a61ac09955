package io.jwtauth.jdbc;

import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.testing.IdentityStoreContract;
import io.jwtauth.core.testing.SessionStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Core's SPI contracts (from core's test-jar, the suites any provider runs) on the JDBC provider, one database
 * per subclass: the identity store over jwtauth's own tables, and the session store.
 */
abstract class JdbcSpiContracts {
    abstract TestDatabases database();

    private JdbcStores stores;

    /** A fresh provider on a database with only alice and bob in it (runs before each nested test too). */
    @BeforeEach
    void start() {
        stores = TestDatabases.storesWithAliceAndBob(database().url());
    }

    @AfterEach
    void stop() {
        if (stores != null) {
            stores.close();
        }
    }

    @Nested
    class Identities extends IdentityStoreContract {
        @Override
        protected IdentityStore store() {
            return stores.identityStore();
        }

        @Override
        protected void changePassword(String userId, char[] newPassword) {
            stores.users().changePassword(userId, newPassword);
        }
    }

    @Nested
    class Sessions extends SessionStoreContract {
        @Override
        protected SessionStore store() {
            return stores.sessionStore();
        }
    }
}
