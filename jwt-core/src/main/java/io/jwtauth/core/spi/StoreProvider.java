package io.jwtauth.core.spi;

/**
 * A configured identity store and session store, with the resources behind them (a connection pool, a
 * purge thread). Closed once when the application stops.
 */
public interface StoreProvider extends AutoCloseable {
    IdentityStore identityStore();

    SessionStore sessionStore();

    /** Releases resources. Must tolerate being called more than once. */
    @Override
    default void close() {
    }
}
