package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.JwsAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks an identity provider's ID token at the end of a sign-in, as OpenID Connect Core 1.0 §3.1.3.7 lists, in order:
 * the signature by the provider's keys with an algorithm pinned to the key (its configured algorithms only; an
 * encrypted token is refused); {@code iss} exactly the provider's; {@code aud} this client and nothing else; {@code azp},
 * if present, this client; {@code exp} not past and {@code iat} present, not ahead and not older than a sign-in can
 * take (with the clock skew); {@code nonce} the one this sign-in sent; {@code sub} present; and, where the token
 * endpoint also gave an access token, {@code at_hash}, if present, matching it (§3.2.2.9). Every refusal is
 * {@code invalid_request}, except {@code unavailable} when the provider's keys cannot be had. Thread-safe.
 */
public final class IdTokens {
    private final TokenVerifier verifier;
    private final String clientId;
    private final Duration clockSkew;
    private final Duration maxAge;
    private final Clock clock;

    /** A checked ID token: the verified token (for the name and roles claims) and the provider's session id, if any. */
    public record IdToken(VerifiedToken token, String subject, String providerSessionId) {
    }

    /**
     * @param verifier a verifier of the provider's tokens whose audience is {@code clientId}
     * @param maxAge   how old an ID token may be when it arrives: a sign-in's own lifetime
     */
    public IdTokens(TokenVerifier verifier, String clientId, Duration clockSkew, Duration maxAge, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier);
        this.clientId = Objects.requireNonNull(clientId);
        this.clockSkew = clockSkew;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** See the class comment; {@code accessToken} may be null. */
    public IdToken verify(String idToken, String expectedNonce, String accessToken) {
        VerifiedToken token;
        try {
            token = verifier.verifyIdToken(idToken);
        } catch (AuthException refused) {
            throw refused.error() == AuthError.UNAVAILABLE ? refused : refuse("ID token: " + refused.getMessage());
        }
        if (token.audience().size() != 1) {
            throw refuse("ID token for more audiences than this client");
        }
        JsonNode claims = token.claimsNode();
        JsonNode azp = claims.get("azp");
        if (azp != null && !(azp.isTextual() && clientId.equals(azp.asText()))) {
            throw refuse("ID token authorized for another party (azp)");
        }
        Instant now = clock.instant();
        if (token.issuedAt() == null) {
            throw refuse("ID token without iat");
        }
        if (token.issuedAt().isBefore(now.minus(maxAge).minus(clockSkew))) {
            throw refuse("ID token issued too long ago");
        }
        JsonNode nonce = claims.get("nonce");
        if (nonce == null || !nonce.isTextual() || !Secrets.constantTimeEquals(nonce.asText(), expectedNonce)) {
            throw refuse("ID token nonce is not this sign-in's");
        }
        String subject = token.subject();
        if (subject == null || subject.isEmpty() || subject.length() > 255) {
            throw refuse("ID token without a usable sub");
        }
        JsonNode atHash = claims.get("at_hash");
        if (atHash != null && accessToken != null && !(atHash.isTextual() && atHashMatches(atHash.asText(), accessToken, token))) {
            throw refuse("ID token at_hash does not match the access token");
        }
        String sid = token.sessionId();
        if (sid != null && (sid.isEmpty() || sid.length() > 255)) {
            throw refuse("ID token sid is not usable");
        }
        return new IdToken(token, subject, sid);
    }

    /** OIDC Core §3.2.2.9: base64url of the left half of the hash of the access token, the hash of the token's alg. */
    private static boolean atHashMatches(String atHash, String accessToken, VerifiedToken idToken) {
        String hash = hashOf(idToken.token());
        try {
            byte[] digest = MessageDigest.getInstance(hash).digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            String expected = Base64Url.encode(Arrays.copyOf(digest, digest.length / 2));
            return Secrets.constantTimeEquals(expected, atHash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is required of every JVM", e);
        }
    }

    /** The hash at_hash uses for the token's (verified) alg: SHA-2 of the alg's size; EdDSA (Ed25519) SHA-512. */
    private static String hashOf(String token) {
        String alg;
        try {
            JsonNode header = StrictJson.read(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
            alg = header.path("alg").asText("");
        } catch (IOException | IllegalArgumentException e) {
            throw refuse("ID token header is not JSON");
        }
        return switch (JwsAlgorithm.fromName(alg).orElseThrow(() -> refuse("ID token alg unknown"))) {
            case RS384, PS384, ES384 -> "SHA-384";
            case RS512, PS512, ES512, EdDSA -> "SHA-512";
            default -> "SHA-256";
        };
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.INVALID_REQUEST, detail);
    }
}
