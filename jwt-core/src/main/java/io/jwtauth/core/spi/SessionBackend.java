package io.jwtauth.core.spi;

import java.util.Optional;

/**
 * Sessions, their change feed and failed-login counts kept apart from the identity store
 * ({@code jwtauth.sessions.store=<name>}, for example Redis beside a JDBC users table). Made by a {@link
 * SessionStoreFactory}; core combines it with the identity store's provider ({@link StoreProvider#withSessionsIn}).
 */
public interface SessionBackend extends AutoCloseable {
    SessionStore sessionStore();

    /** Failed-login counts shared by every node, or empty to count on each node. */
    default Optional<LoginFailureStore> loginFailures() {
        return Optional.empty();
    }

    /** Releases connections and threads. Must tolerate being called more than once. */
    @Override
    void close();
}
