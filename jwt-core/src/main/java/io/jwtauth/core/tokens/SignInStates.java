package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * What a sign-in through an identity provider must remember between the redirect to the provider and the callback:
 * the provider, {@code state}, {@code nonce}, the PKCE code verifier and where to return. It travels in a cookie as a
 * compact JWS signed with jwtauth's own signing key (header {@code typ} {@value #TYPE}, which no access-token check
 * takes), so that any node can finish the flow and nothing is kept on the server until then. Thread-safe.
 */
public final class SignInStates {
    public static final String TYPE = "jwtauth-signin+jwt";
    /** How long a user may take at the provider's login page. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final Set<String> TYPES = Set.of(TYPE);
    private static final int RANDOM_BYTES = 32;

    private final KeyMaterial signingKey;
    private final TokenVerifier verifier;
    private final Clock clock;

    /** One sign-in in flight; every value but {@code returnPath} random, {@code expiresAt} whole seconds. */
    public record State(String provider, String state, String nonce, String codeVerifier, String returnPath, Instant expiresAt) {
        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "SignInState[" + provider + ", return " + returnPath + ", until " + expiresAt + "]";
        }
    }

    public SignInStates(KeyRing keys, Clock clock) {
        this.signingKey = keys.signingKey();
        this.verifier = TokenVerifier.builder(keys).clock(clock).build();
        this.clock = clock;
    }

    /** A new sign-in's state: fresh {@code state}, {@code nonce} and code verifier (RFC 7636: 43 characters). */
    public State begin(String provider, String returnPath) {
        return new State(provider, Secrets.randomToken(RANDOM_BYTES), Secrets.randomToken(RANDOM_BYTES),
                Secrets.randomToken(RANDOM_BYTES), returnPath, Instant.ofEpochSecond(clock.instant().plus(LIFETIME).getEpochSecond()));
    }

    /** The S256 code challenge of a code verifier (RFC 7636 §4.2). */
    public static String codeChallenge(String codeVerifier) {
        return Base64Url.encode(Secrets.sha256Bytes(codeVerifier));
    }

    /** {@code state} as the cookie value. */
    public String seal(State state) {
        ObjectNode payload = StrictJson.MAPPER.createObjectNode();
        payload.put("p", state.provider()).put("st", state.state()).put("n", state.nonce()).put("cv", state.codeVerifier())
                .put("r", state.returnPath()).put("exp", state.expiresAt().getEpochSecond());
        try {
            return TokenIssuer.signCompact(signingKey, TYPE, StrictJson.MAPPER.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a JSON object", e);
        }
    }

    /**
     * The state a cookie holds, for a callback of {@code provider}: {@code invalid_request} when it is missing, not
     * signed by our key, of another provider, or expired.
     */
    public State open(String sealed, String provider) {
        if (sealed == null) {
            throw refuse("no sign-in in progress in this browser (the state cookie is missing)");
        }
        TokenVerifier.Signed signed;
        try {
            signed = verifier.verifySignature(sealed, TYPES);
        } catch (AuthException e) {
            throw refuse("the sign-in state cookie is not valid: " + e.getMessage());
        }
        JsonNode payload;
        try {
            payload = StrictJson.read(Base64.getUrlDecoder().decode(signed.parts().getPayload().getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | IllegalArgumentException e) {
            throw refuse("the sign-in state cookie is not JSON");
        }
        State state = new State(text(payload, "p"), text(payload, "st"), text(payload, "n"), text(payload, "cv"), text(payload, "r"),
                Instant.ofEpochSecond(payload.path("exp").asLong(0)));
        if (!provider.equals(state.provider())) {
            throw refuse("the sign-in was started for another provider");
        }
        if (!clock.instant().isBefore(state.expiresAt())) {
            throw refuse("the sign-in took longer than " + LIFETIME.toMinutes() + " minutes");
        }
        return state;
    }

    private static String text(JsonNode payload, String name) {
        JsonNode value = payload.get(name);
        if (value == null || !value.isTextual()) {
            throw refuse("the sign-in state cookie lacks " + name);
        }
        return value.asText();
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.INVALID_REQUEST, detail);
    }
}
