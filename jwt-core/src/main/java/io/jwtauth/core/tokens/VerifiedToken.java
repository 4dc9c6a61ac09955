package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.internal.StrictJson;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An access token whose signature, algorithm, issuer and claim types were checked. Immutable and
 * thread-safe; safe to cache until {@link #expiresAt()}.
 */
public final class VerifiedToken {
    private final String token;
    private final String keyId;
    private final String issuer;
    private final String subject;
    private final String username;
    private final String sessionId;
    private final String tokenId;
    private final List<String> roles;
    private final List<String> audience;
    private final Instant issuedAt;
    private final Instant notBefore;
    private final Instant expiresAt;
    private final JsonNode claims;
    /** {@code cnf.jkt}: the thumbprint of the key the token is bound to (DPoP), or {@code null}. */
    private final String confirmationKey;

    VerifiedToken(String token, String keyId, JsonNode claims, String issuer, String subject, String username,
                  String sessionId, String tokenId, List<String> roles, List<String> audience,
                  Instant issuedAt, Instant notBefore, Instant expiresAt, String confirmationKey) {
        this.confirmationKey = confirmationKey;
        this.token = token;
        this.keyId = keyId;
        this.claims = claims;
        this.issuer = issuer;
        this.subject = subject;
        this.username = username;
        this.sessionId = sessionId;
        this.tokenId = tokenId;
        this.roles = roles;
        this.audience = audience;
        this.issuedAt = issuedAt;
        this.notBefore = notBefore;
        this.expiresAt = expiresAt;
    }

    /** {@code cnf.jkt}: the RFC 7638 thumbprint of the key the token is bound to (DPoP, RFC 9449), or {@code null}. */
    public String confirmationKey() {
        return confirmationKey;
    }

    /** The compact token itself; never log it. */
    public String token() {
        return token;
    }

    public String keyId() {
        return keyId;
    }

    public String issuer() {
        return issuer;
    }

    /** {@code sub}: the user id, or {@code null}. */
    public String subject() {
        return subject;
    }

    /** {@code preferred_username}, or {@code null}. */
    public String username() {
        return username;
    }

    /** {@code sid}, or {@code null}. */
    public String sessionId() {
        return sessionId;
    }

    /** {@code jti}, or {@code null}. */
    public String tokenId() {
        return tokenId;
    }

    /** {@code role}: role names, possibly empty. */
    public List<String> roles() {
        return roles;
    }

    public List<String> audience() {
        return audience;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether the payload has the claim {@code name}, whatever its value. */
    public boolean hasClaim(String name) {
        return claims.has(name);
    }

    /** The claim {@code name} as a plain Java value (String, Number, Boolean, List or Map; a fresh copy), or {@code null}. */
    public Object claim(String name) {
        JsonNode node = claims.get(name);
        return node == null ? null : StrictJson.MAPPER.convertValue(node, Object.class);
    }

    /** The claims not named in {@code names}, as plain Java values, read-only; usually none, then an empty map. */
    public Map<String, Object> claimsOtherThan(Collection<String> names) {
        Map<String, Object> others = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = claims.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!names.contains(field.getKey())) {
                if (others == null) {
                    others = new LinkedHashMap<>();
                }
                others.put(field.getKey(), StrictJson.MAPPER.convertValue(field.getValue(), Object.class));
            }
        }
        return others == null ? Map.of() : Collections.unmodifiableMap(others);
    }

    /** Every claim as plain Java values (String, Number, Boolean, List, Map), read-only. */
    /** The parsed payload, for checks inside this package (never handed out: it is mutable). */
    JsonNode claimsNode() {
        return claims;
    }

    public Map<String, Object> claims() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = StrictJson.MAPPER.convertValue(claims, LinkedHashMap.class);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return "VerifiedToken[sub=" + subject + ", sid=" + sessionId + ", exp=" + expiresAt + "]";
    }
}
