package io.jwtauth.core.memory;

import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.testing.IdentityStoreContract;
import io.jwtauth.core.testing.SessionStoreContract;
import java.util.Set;
import org.junit.jupiter.api.Nested;

/** The SPI contracts on the in-memory provider. */
class InMemoryStoreContractsTest {
    @Nested
    class Identities extends IdentityStoreContract {
        private final InMemoryIdentityStore store = new InMemoryIdentityStore(1000)
                .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"))
                .addUser("2", "bob", "Bob", "bob-password-1".toCharArray(), Set.of("Registered Users"));

        @Override
        protected IdentityStore store() {
            return store;
        }

        @Override
        protected void changePassword(String userId, char[] newPassword) {
            store.changePassword(userId, newPassword);
        }
    }

    @Nested
    class Sessions extends SessionStoreContract {
        private final InMemorySessionStore store = new InMemorySessionStore();

        @Override
        protected SessionStore store() {
            return store;
        }
    }
}
