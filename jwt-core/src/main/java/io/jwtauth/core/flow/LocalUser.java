package io.jwtauth.core.flow;

import java.io.Serializable;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * A local user whose password was just checked ({@link AuthService#verifyPassword}), for a login that opens no jwtauth
 * session: the application's own FORM or BASIC login, kept in container-enforced mode. Serializable, so that a
 * container can keep it in a persisted or replicated HTTP session. Immutable.
 */
public record LocalUser(String userId, String username, String displayName, Set<String> roles) implements Principal, Serializable {
    private static final long serialVersionUID = 1L;

    public LocalUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
    }

    /** The user name, as {@code getRemoteUser()} reports it. */
    @Override
    public String getName() {
        return username;
    }
}
