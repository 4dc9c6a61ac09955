package io.jwtauth.core.spi;

/**
 * A configured identity store and session store, with the resources behind them (a connection pool, a
 * purge thread). Closed once when the application stops.
 */
public interface StoreProvider extends AutoCloseable {
    IdentityStore identityStore();

    SessionStore sessionStore();

    /**
     * Failed-login counts shared by every node on this store, or empty (the default) to count on each node in
     * memory. See {@link LoginFailureStore}.
     */
    default java.util.Optional<LoginFailureStore> loginFailures() {
        return java.util.Optional.empty();
    }

    /**
     * Called once by core when it starts on this provider: the provider's own operations that must end a user's
     * sessions (see {@link SessionControl}) call {@code control} from then on. The default ignores it.
     */
    default void attach(SessionControl control) {
    }

    /** Releases resources. Must tolerate being called more than once. */
    @Override
    default void close() {
    }

    /**
     * This provider's identity store with {@code backend}'s sessions, change feed and failed-login counts (this
     * provider's own are not used). Closing the result closes both.
     */
    default StoreProvider withSessionsIn(SessionBackend backend) {
        StoreProvider identities = this;
        return new StoreProvider() {
            @Override
            public IdentityStore identityStore() {
                return identities.identityStore();
            }

            @Override
            public SessionStore sessionStore() {
                return backend.sessionStore();
            }

            @Override
            public java.util.Optional<LoginFailureStore> loginFailures() {
                return backend.loginFailures();
            }

            @Override
            public void attach(SessionControl control) {
                identities.attach(control);
            }

            @Override
            public void close() {
                try {
                    backend.close();
                } finally {
                    identities.close();
                }
            }
        };
    }
}
