package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.StrictJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * Checks an identity provider's back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.6), in order:
 * the signature by the provider's keys (the same key lookup and algorithm pinning as its access tokens; header
 * {@code typ} {@code logout+jwt} or {@code JWT}); {@code iss}; {@code aud} holding this application's client id;
 * {@code iat} present, not ahead of the clock skew, not older than {@link #MAX_AGE}; {@code exp}, if present, not past;
 * {@code events} holding the back-channel logout event as a JSON object; {@code sid} and/or {@code sub}; no
 * {@code nonce}; a {@code jti} this node has not accepted before. Every refusal is {@code invalid_request}, except
 * {@code unavailable} when the provider's keys cannot be had. Thread-safe.
 */
public final class LogoutTokens {
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** A logout token is sent at logout: one older than this is stale (and its jti need not be remembered longer). */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);

    private final TokenVerifier verifier;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;
    private final Cache<String, Boolean> seen;

    /** A verified logout token: whom it logs out ({@code sid}, {@code sub}, each may be null but not both). */
    public record LogoutToken(String sessionId, String subject, String tokenId, Instant issuedAt) {
    }

    public LogoutTokens(TokenVerifier verifier, String issuer, String audience, Duration clockSkew, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier);
        this.issuer = Objects.requireNonNull(issuer);
        this.audience = Objects.requireNonNull(audience);
        this.clockSkew = clockSkew;
        this.clock = clock;
        this.seen = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(MAX_AGE.plus(clockSkew).plus(clockSkew)).build();
    }

    public LogoutToken verify(String token) {
        TokenVerifier.Signed signed;
        try {
            signed = verifier.verifySignature(token, TokenVerifier.LOGOUT_TOKEN_TYPES);
        } catch (AuthException refused) {
            throw refused.error() == AuthError.UNAVAILABLE ? refused : refuse("logout token: " + refused.getMessage());
        }
        JsonNode claims;
        try {
            claims = StrictJson.read(Base64.getUrlDecoder().decode(signed.parts().getPayload()));
        } catch (IOException | IllegalArgumentException e) {
            throw refuse("logout token payload is not JSON");
        }
        if (!claims.isObject()) {
            throw refuse("logout token payload is not a JSON object");
        }
        if (!issuer.equals(text(claims, "iss"))) {
            throw refuse("logout token of another issuer");
        }
        if (!audienceHolds(claims.get("aud"))) {
            throw refuse("logout token for another audience");
        }
        Instant now = clock.instant();
        Instant issuedAt = time(claims, "iat");
        if (issuedAt == null) {
            throw refuse("logout token without iat");
        }
        if (issuedAt.isAfter(now.plus(clockSkew)) || issuedAt.isBefore(now.minus(MAX_AGE))) {
            throw refuse("logout token iat outside the accepted window");
        }
        Instant expiresAt = time(claims, "exp");
        if (expiresAt != null && !now.isBefore(expiresAt.plus(clockSkew))) {
            throw refuse("logout token expired");
        }
        JsonNode events = claims.get("events");
        if (events == null || !events.isObject() || events.get(EVENT) == null || !events.get(EVENT).isObject()) {
            throw refuse("logout token without the back-channel logout event");
        }
        if (claims.has("nonce")) {
            throw refuse("a logout token must not carry nonce");
        }
        String sid = text(claims, "sid");
        String sub = text(claims, "sub");
        if (sid == null && sub == null) {
            throw refuse("logout token names neither sid nor sub");
        }
        String jti = text(claims, "jti");
        if (jti == null || jti.length() > 256) {
            throw refuse("logout token without a usable jti");
        }
        if (seen.asMap().putIfAbsent(jti, Boolean.TRUE) != null) {
            throw refuse("logout token replayed (jti seen before)");
        }
        return new LogoutToken(sid, sub, jti, issuedAt);
    }

    private boolean audienceHolds(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return audience.equals(aud.asText());
        }
        if (aud.isArray()) {
            for (JsonNode member : aud) {
                if (member.isTextual() && audience.equals(member.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw refuse("logout token " + name + " is not a non-empty string");
        }
        return value.asText();
    }

    private static Instant time(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !value.canConvertToLong() || value.asLong() < 0 || value.asLong() > 253_402_300_799L) {
            throw refuse("logout token " + name + " is not a NumericDate");
        }
        return Instant.ofEpochSecond(value.asLong());
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.INVALID_REQUEST, detail);
    }
}
