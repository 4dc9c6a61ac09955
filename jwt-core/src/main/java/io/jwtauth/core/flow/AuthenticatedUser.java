package io.jwtauth.core.flow;

import io.jwtauth.core.tokens.VerifiedToken;
import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The user behind a valid access token of a live session: what {@code getUserPrincipal()} returns
 * downstream. Its name is the user name ({@code preferred_username}), falling back to the user id.
 * Immutable and thread-safe; built once per distinct token.
 */
public final class AuthenticatedUser implements Principal {
    private final String name;
    private final String userId;
    private final String sessionId;
    private final String tokenId;
    private final Set<String> roles;
    private final Instant expiresAt;
    /** Epoch millis after which the token is refused (exp + clock skew): a primitive for the hot path. */
    private final long refuseAfterMillis;
    private final VerifiedToken token;

    AuthenticatedUser(VerifiedToken token, java.time.Duration clockSkew) {
        this.token = token;
        this.userId = token.subject();
        this.name = token.username() != null ? token.username() : token.subject();
        this.sessionId = token.sessionId();
        this.tokenId = token.tokenId();
        this.roles = Set.copyOf(token.roles());
        this.expiresAt = token.expiresAt();
        this.refuseAfterMillis = expiresAt.plus(clockSkew).toEpochMilli();
    }

    boolean isExpiredAt(long nowMillis) {
        return nowMillis >= refuseAfterMillis;
    }

    /** The user name. */
    @Override
    public String getName() {
        return name;
    }

    /** {@code sub}. */
    public String userId() {
        return userId;
    }

    /** {@code sid}. */
    public String sessionId() {
        return sessionId;
    }

    /** {@code jti}. */
    public String tokenId() {
        return tokenId;
    }

    public Set<String> roles() {
        return roles;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** All claims of the access token, read-only. */
    public Map<String, Object> claims() {
        return token.claims();
    }

    @Override
    public String toString() {
        return "AuthenticatedUser[" + name + ", sid=" + sessionId + ", roles=" + roles + "]";
    }
}
