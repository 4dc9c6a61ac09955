package io.jwtauth.core.memory;

import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.testing.SessionFeedContract;
import java.util.Set;

class InMemoryFeedTest extends SessionFeedContract {
    private final InMemoryStores shared = new InMemoryStores(new InMemoryIdentityStore(1000)
            .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"))
            .addUser("2", "bob", "Bob", "bob-password-1".toCharArray(), Set.of("Registered Users")));

    @Override
    protected StoreProvider connect() {
        return shared;
    }
}
