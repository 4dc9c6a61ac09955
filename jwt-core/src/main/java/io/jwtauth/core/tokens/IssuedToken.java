package io.jwtauth.core.tokens;

import java.time.Instant;

/**
 * A freshly signed access token.
 *
 * @param token     the compact JWS; never log it
 * @param tokenId   its {@code jti}
 * @param expiresAt its {@code exp}
 */
public record IssuedToken(String token, String tokenId, Instant expiresAt) {
    @Override
    public String toString() {
        return "IssuedToken[jti=" + tokenId + ", exp=" + expiresAt + "]";
    }
}
