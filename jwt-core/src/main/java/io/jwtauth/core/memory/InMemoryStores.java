package io.jwtauth.core.memory;

import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;

/** An in-memory {@link StoreProvider}: users added in code, sessions lost on restart. */
public final class InMemoryStores implements StoreProvider {
    private final InMemoryIdentityStore identities;
    private final InMemorySessionStore sessions;

    public InMemoryStores(InMemoryIdentityStore identities) {
        this(identities, new InMemorySessionStore());
    }

    public InMemoryStores(InMemoryIdentityStore identities, InMemorySessionStore sessions) {
        this.identities = identities;
        this.sessions = sessions;
    }

    @Override
    public InMemoryIdentityStore identityStore() {
        return identities;
    }

    @Override
    public InMemorySessionStore sessionStore() {
        return sessions;
    }
}
