package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.KeyMaterial;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Client assertions for {@code private_key_jwt} (OpenID Connect Core §9, RFC 7523): a short-lived JWT signed with the
 * application's own key, by which it authenticates to a provider's token endpoint instead of with a shared secret.
 */
public final class ClientAssertions {
    /** Long enough for one request to arrive; the provider refuses it after. */
    static final Duration LIFETIME = Duration.ofSeconds(60);

    private ClientAssertions() {
    }

    /** A new assertion: {@code iss} and {@code sub} the client, {@code aud} the token endpoint, a random {@code jti}. */
    public static String create(KeyMaterial key, String clientId, String tokenEndpoint, Instant now) {
        ObjectNode payload = StrictJson.MAPPER.createObjectNode();
        payload.put("iss", clientId).put("sub", clientId).put("aud", tokenEndpoint).put("jti", Secrets.randomToken(16))
                .put("iat", now.getEpochSecond()).put("exp", now.plus(LIFETIME).getEpochSecond());
        try {
            return TokenIssuer.signCompact(key, "JWT", StrictJson.MAPPER.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON object", e);
        }
    }
}
