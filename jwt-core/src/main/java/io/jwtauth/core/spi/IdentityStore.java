package io.jwtauth.core.spi;

import java.util.Optional;

/**
 * Where users and their passwords live. Like Jakarta Security's {@code IdentityStore}: it validates
 * credentials and looks users up; every decision about tokens and sessions is core's.
 *
 * <p>Implementations must be thread-safe. They throw {@link StoreUnavailableException} when the backing
 * store cannot be reached (never for a wrong password).
 */
public interface IdentityStore {
    /**
     * The user whose name and password match, else empty. Must take as long for an unknown user as for a
     * wrong password (hash a dummy password), so that response times do not reveal which names exist.
     * Disabled users may be returned; core refuses them.
     */
    Optional<UserRecord> authenticate(String username, char[] password);

    /**
     * As {@link #authenticate}, and on a mismatch also the id of the user the name resolved to, so that core's
     * per-user login limit holds for every spelling the store treats as that user. The default resolves nothing;
     * stores that can (the JDBC store does) should override it. Same timing rule as {@link #authenticate}.
     */
    default CredentialCheck check(String username, char[] password) {
        return new CredentialCheck(authenticate(username, password).orElse(null), null);
    }

    /** The user with this id, else empty. Called at every renewal to re-check roles, state and stamp. */
    Optional<UserRecord> findById(String userId);
}
