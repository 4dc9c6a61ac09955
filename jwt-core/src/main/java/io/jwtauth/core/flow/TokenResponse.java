package io.jwtauth.core.flow;

import java.time.Instant;

/**
 * What login and renewal return: the body of the HTTP response.
 *
 * @param userId          the user's id
 * @param displayName     the user's display name
 * @param accessToken     the new access token
 * @param renewalToken    the new renewal token (opaque; only its hash is stored)
 * @param accessExpiresAt when the access token expires
 * @param renewalDeadline when the session can no longer be renewed
 * @param dpopBound       whether the access token is bound to the client's DPoP key ({@code "tokenType":"DPoP"})
 */
public record TokenResponse(String userId, String displayName, String accessToken, String renewalToken,
                            Instant accessExpiresAt, Instant renewalDeadline, boolean dpopBound) {
    /** An unbound (bearer) token pair. */
    public TokenResponse(String userId, String displayName, String accessToken, String renewalToken, Instant accessExpiresAt,
                         Instant renewalDeadline) {
        this(userId, displayName, accessToken, renewalToken, accessExpiresAt, renewalDeadline, false);
    }

    @Override
    public String toString() {
        return "TokenResponse[userId=" + userId + ", expires=" + accessExpiresAt + "]";
    }
}
