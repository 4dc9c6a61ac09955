package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.SignedParts;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies compact JWS access tokens, strictly and cheaply-first:
 * <ol>
 *   <li>size limit, exactly three segments, canonical base64url (no padding, no stray bits);</li>
 *   <li>header: a JSON object without duplicate members; {@code crit}, {@code jku}, {@code jwk},
 *       {@code x5u}, {@code x5c}, {@code b64} and {@code zip} refused (nothing is ever fetched);
 *       the key chosen by {@code kid} from the {@link KeyRing} only; the header's {@code alg} must equal
 *       that key's one algorithm, so {@code none} and algorithm confusion cannot work;</li>
 *   <li>the signature, by java-jwt's algorithm bound to the key;</li>
 *   <li>only then the claims: a JSON object, numeric {@code exp} (required), {@code nbf}, {@code iat},
 *       issuer and audience as configured, string {@code sub}/{@code sid}/{@code jti}, string-array
 *       {@code role}; times with the configured clock skew.</li>
 * </ol>
 * Every refusal is an {@link AuthException} with {@link AuthError#BAD_JWT}.
 *
 * <p>Built once by {@link Builder} (not thread-safe); instances are immutable and thread-safe.
 *
 * <p>Every step of verification is read here in order, each check next to its refusal, which is how a reviewer
 * convinces themselves that nothing is accepted by accident; only the typed reads of claim values are in
 * {@link ClaimValues}.
 */
public final class TokenVerifier {
    /** Default largest accepted token, in characters; our own tokens are well under 1 KiB. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;
    private static final Set<String> REFUSED_HEADERS = Set.of("crit", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "b64", "zip");
    /**
     * With {@link Builder#providerHeaders()}: identity providers add certificate thumbprints (Entra ID writes
     * {@code x5t}). They are ignored, never used to choose a key, so they need not be refused.
     */
    private static final Set<String> PROVIDER_REFUSED_HEADERS = Set.of("crit", "jku", "jwk", "x5u", "x5c", "b64", "zip");
    /**
     * {@code typ} values of an access token, lower case: RFC 9068's {@code at+jwt} (what jwtauth writes), and plain
     * {@code JWT} (what it wrote before, what the DNN profile writes and what most providers write). Any other
     * declared type ({@code dpop+jwt}, {@code logout+jwt}, …) is another kind of token.
     */
    private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    /** {@code typ} values of a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.4), lower case. */
    static final Set<String> LOGOUT_TOKEN_TYPES = Set.of("jwt", "logout+jwt", "application/logout+jwt");
    /** {@code typ} values of an OpenID Connect ID token, lower case: providers write {@code JWT} or nothing. */
    static final Set<String> ID_TOKEN_TYPES = Set.of("jwt");
    /** Claims that only ID tokens (OIDC Core §2, §3.3.2.11) and logout tokens (Back-Channel Logout §2.4) carry. */
    private static final List<String> ID_TOKEN_CLAIMS = List.of("nonce", "at_hash", "c_hash", "s_hash", "events");
    /** A payload {@code typ} (Keycloak's convention) that an access token may carry, lower case. */
    private static final Set<String> ACCESS_TOKEN_PAYLOAD_TYPES = Set.of("bearer", "dpop");

    /** The fixed keys, or {@code null} when {@link #lookup} finds them. */
    private final KeyRing keys;
    private final KeyLookup lookup;
    private final boolean providerHeaders;
    private final String issuer;
    private final String audience;
    private final Duration clockSkew;
    private final Clock clock;
    private final int maxTokenLength;
    /**
     * Header segment → key, for the headers our own issuer writes (one per key, computed at build): the same
     * few headers recur on every token, so they are not parsed again. Any other header is parsed and checked.
     */
    private final Map<String, KeyMaterial> knownHeaders;

    private TokenVerifier(Builder builder) {
        this.keys = builder.keys;
        this.lookup = builder.lookup;
        this.providerHeaders = builder.providerHeaders;
        this.issuer = builder.issuer;
        this.audience = builder.audience;
        this.clockSkew = builder.clockSkew;
        this.clock = builder.clock;
        this.maxTokenLength = builder.maxTokenLength;
        Map<String, KeyMaterial> headers = new HashMap<>();
        for (KeyMaterial key : keys == null ? List.<KeyMaterial>of() : keys.verificationKeys()) {
            for (String type : TokenIssuer.TYPES) {
                String header = TokenIssuer.encodedHeader(key, type);
                // Only a header that passes the full check on its own (a ring of several keys needs its kid).
                if (keyForHeaderOrNull(header) == key) {
                    headers.put(header, key);
                }
            }
        }
        this.knownHeaders = Map.copyOf(headers);
    }

    public static Builder builder(KeyRing keys) {
        return new Builder(Objects.requireNonNull(keys, "keys"), null);
    }

    /** A verifier whose keys {@code lookup} finds (an identity provider's key set). */
    public static Builder builder(KeyLookup lookup) {
        return new Builder(null, Objects.requireNonNull(lookup, "lookup"));
    }

    /** Verifies {@code token}, refusing it when expired. */
    public VerifiedToken verify(String token) {
        return verify(token, false);
    }

    /**
     * Verifies {@code token}. With {@code acceptExpired} an expired but otherwise valid token is returned
     * (for renewal and logout, which take the last access token of a session even after it expired).
     */
    public VerifiedToken verify(String token, boolean acceptExpired) {
        Signed signed = verifySignature(token);
        return checkClaims(token, signed, acceptExpired, false);
    }

    /**
     * Verifies an identity provider's ID token as an access token is verified (signature, {@code iss}, {@code aud}, times),
     * except that it must be an ID token: header {@code typ} {@code JWT} or none, no logout event, and a payload
     * {@code typ}, if any, of {@code ID}. {@link IdTokens} checks the rest of OpenID Connect Core's list.
     */
    VerifiedToken verifyIdToken(String token) {
        return checkClaims(token, verifySignature(token, ID_TOKEN_TYPES), false, true);
    }

    /**
     * Steps 1–3 only: the JWS layer, without reading the payload. Package-private so that the JWS test
     * vectors (whose payloads are not JSON) can be checked against it.
     */
    Signed verifySignature(String token) {
        return verifySignature(token, ACCESS_TOKEN_TYPES);
    }

    /** Steps 1–3 for a token of another kind: {@code types} are the header {@code typ} values it may declare. */
    Signed verifySignature(String token, Set<String> types) {
        if (token == null || token.isEmpty()) {
            throw refuse("empty token");
        }
        if (token.length() > maxTokenLength) {
            throw refuse("token longer than " + maxTokenLength + " characters");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0 || secondDot == token.length() - 1) {
            throw refuse("not three non-empty segments");
        }
        if (!Base64Url.isCanonical(token, 0, firstDot) || !Base64Url.isCanonical(token, firstDot + 1, secondDot)
                || !Base64Url.isCanonical(token, secondDot + 1, token.length())) {
            throw refuse("a segment is not canonical base64url");
        }
        String header = token.substring(0, firstDot);
        SignedParts parts = new SignedParts(header, token.substring(firstDot + 1, secondDot), token.substring(secondDot + 1));
        KeyMaterial key = types == ACCESS_TOKEN_TYPES ? knownHeaders.get(header) : null;
        if (key == null) {
            key = keyForHeader(header, types);
        }
        if (!key.verifies(parts)) {
            throw refuse("signature does not verify");
        }
        return new Signed(parts, key);
    }

    private KeyMaterial keyForHeaderOrNull(String headerSegment) {
        try {
            return keyForHeader(headerSegment, ACCESS_TOKEN_TYPES);
        } catch (AuthException e) {
            return null;
        }
    }

    private KeyMaterial keyForHeader(String headerSegment, Set<String> types) {
        JsonNode header;
        try {
            header = StrictJson.read(Base64.getUrlDecoder().decode(headerSegment));
        } catch (IOException | IllegalArgumentException e) {
            throw refuse("header is not JSON");
        }
        if (!header.isObject()) {
            throw refuse("header is not a JSON object");
        }
        for (String refused : providerHeaders ? PROVIDER_REFUSED_HEADERS : REFUSED_HEADERS) {
            if (header.has(refused)) {
                throw refuse("header member '" + refused + "' is not accepted");
            }
        }
        JsonNode typ = header.get("typ");
        if (typ != null && !(typ.isTextual() && types.contains(typ.asText().toLowerCase(java.util.Locale.ROOT)))) {
            throw refuse("typ is not one of " + types);
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw refuse("alg missing or not a string");
        }
        JsonNode kid = header.get("kid");
        if (kid != null && !kid.isTextual()) {
            throw refuse("kid is not a string");
        }
        if (lookup != null) {
            // The header's alg must name a supported algorithm ("none" in any spelling does not); the lookup then
            // offers only keys pinned to exactly that algorithm.
            JwsAlgorithm algorithm = JwsAlgorithm.fromName(alg.asText()).orElseThrow(() -> refuse("alg is not supported"));
            KeyMaterial found = lookup.find(kid == null ? null : kid.asText(), algorithm);
            if (found == null || found.algorithm() != algorithm) {
                throw refuse(kid == null ? "no kid, and not exactly one key for the alg" : "no key with this kid for the alg");
            }
            return found;
        }
        KeyMaterial key = keys.select(kid == null ? null : kid.asText());
        if (key == null) {
            throw refuse(kid == null ? "no kid and more than one key" : "unknown kid");
        }
        // The algorithm is the key's, not the token's: the header only has to agree with it.
        if (!key.algorithm().name().equals(alg.asText())) {
            throw refuse("alg does not match the key's algorithm");
        }
        return key;
    }

    private VerifiedToken checkClaims(String token, Signed signed, boolean acceptExpired, boolean idToken) {
        JsonNode claims;
        try {
            claims = StrictJson.read(Base64.getUrlDecoder().decode(signed.parts().getPayload()));
        } catch (IOException | IllegalArgumentException e) {
            throw refuse("payload is not JSON");
        }
        if (!claims.isObject()) {
            throw refuse("payload is not a JSON object");
        }
        if (idToken) {
            refuseOtherThanIdToken(claims);
        } else {
            refuseOtherTokenKinds(claims);
        }
        Instant now = clock.instant();
        Instant expiresAt = ClaimValues.time(claims, "exp");
        if (expiresAt == null) {
            throw refuse("exp missing");
        }
        Instant notBefore = ClaimValues.time(claims, "nbf");
        Instant issuedAt = ClaimValues.time(claims, "iat");
        if (!acceptExpired && !now.isBefore(expiresAt.plus(clockSkew))) {
            throw refuse("expired");
        }
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore)) {
            throw refuse("not valid yet (nbf)");
        }
        if (issuedAt != null && now.plus(clockSkew).isBefore(issuedAt)) {
            throw refuse("issued in the future (iat)");
        }
        String tokenIssuer = ClaimValues.string(claims, "iss");
        if (issuer != null && !issuer.equals(tokenIssuer)) {
            throw refuse("wrong issuer");
        }
        List<String> tokenAudience = ClaimValues.strings(claims, "aud");
        if (audience != null && !tokenAudience.contains(audience)) {
            throw refuse("wrong audience");
        }
        // The configured issuer's own instance where it matched: cached tokens then share one string.
        return new VerifiedToken(token, signed.key().keyId(), claims, issuer != null ? issuer : tokenIssuer,
                ClaimValues.string(claims, "sub"), ClaimValues.string(claims, "preferred_username"), ClaimValues.string(claims, "sid"),
                ClaimValues.string(claims, "jti"), ClaimValues.strings(claims, "role"), tokenAudience, issuedAt, notBefore, expiresAt,
                ClaimValues.confirmationKey(claims));
    }

    /**
     * A provider signs ID tokens, logout tokens and refresh tokens with the same keys as access tokens: what marks
     * them must not pass for an access token. OIDC ID tokens carry {@code nonce}, {@code at_hash} or {@code c_hash};
     * back-channel logout tokens carry {@code events}; Keycloak also writes a payload {@code typ} ({@code Bearer} on
     * access tokens, {@code DPoP} on DPoP-bound ones, {@code ID}, {@code Refresh}, {@code Logout} on the others).
     */
    private static void refuseOtherTokenKinds(JsonNode claims) {
        for (String marker : ID_TOKEN_CLAIMS) {
            if (claims.has(marker)) {
                throw refuse("an ID or logout token (" + marker + "), not an access token");
            }
        }
        JsonNode typ = claims.get("typ");
        if (typ != null && !(typ.isTextual() && ACCESS_TOKEN_PAYLOAD_TYPES.contains(typ.asText().toLowerCase(java.util.Locale.ROOT)))) {
            throw refuse("payload typ is not an access-token type");
        }
    }

    /** A logout token, or a payload {@code typ} other than {@code ID} (Keycloak's), is not an ID token. */
    private static void refuseOtherThanIdToken(JsonNode claims) {
        if (claims.has("events")) {
            throw refuse("a logout token, not an ID token");
        }
        JsonNode typ = claims.get("typ");
        if (typ != null && !(typ.isTextual() && typ.asText().equals("ID"))) {
            throw refuse("payload typ is not an ID-token type");
        }
    }

    /** A token whose signature verified, with the key that verified it. */
    record Signed(SignedParts parts, KeyMaterial key) {
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.BAD_JWT, detail);
    }

    /** Configures a {@link TokenVerifier}. Not thread-safe; build once. */
    public static final class Builder {
        private final KeyRing keys;
        private final KeyLookup lookup;
        private boolean providerHeaders;
        private String issuer;
        private String audience;
        private Duration clockSkew = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;

        private Builder(KeyRing keys, KeyLookup lookup) {
            this.keys = keys;
            this.lookup = lookup;
        }

        /**
         * Accepts the header members identity providers add: {@code typ} {@code at+jwt} (RFC 9068) and the
         * {@code x5t} thumbprints, which are ignored. For tokens of an external issuer, not for jwtauth's own.
         */
        public Builder providerHeaders() {
            this.providerHeaders = true;
            return this;
        }

        /** Required {@code iss}; {@code null} accepts any (only for tools such as the CLI). */
        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Required {@code aud} member; {@code null} (the default) does not check the audience. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 10 minutes");
            }
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder maxTokenLength(int maxTokenLength) {
            if (maxTokenLength < 64) {
                throw new IllegalArgumentException("max token length must be at least 64");
            }
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        public TokenVerifier build() {
            return new TokenVerifier(this);
        }
    }
}
