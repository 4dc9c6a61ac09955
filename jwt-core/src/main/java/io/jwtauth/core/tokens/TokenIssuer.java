package io.jwtauth.core.tokens;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.internal.SigningInput;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.KeyMaterial;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * Signs access tokens with the claims of the HTTP contract: {@code iss}, {@code sub}, {@code
 * preferred_username}, {@code sid}, {@code role}, {@code iat}, {@code nbf}, {@code exp}, {@code jti} (and
 * {@code aud} when configured, {@code cnf.jkt} for a DPoP-bound session). The header {@code {"typ":"at+jwt","alg":...,
 * "kid":...}} (RFC 9068's explicit type; {@code JWT} for the DNN profile) is encoded once.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenIssuer {
    private static final int TOKEN_ID_BYTES = 16;
    /** .NET's {@code ClaimTypes.Role}: the role claim as DNN 10 writes it, beside {@code role}. */
    public static final String ROLE_URI_CLAIM = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private final KeyMaterial signingKey;
    private final String issuer;
    private final String audience;
    /** The header {@code typ} of RFC 9068 access tokens, and the plain one DNN's clients know. */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";
    public static final String PLAIN_TYPE = "JWT";
    /** Of a session opened by signing in at an identity provider: the provider's configured name. */
    public static final String IDENTITY_PROVIDER_CLAIM = "idp";
    /** Of such a session: the provider's own session id ({@code sid} of its ID token). */
    public static final String PROVIDER_SESSION_CLAIM = "idp_sid";
    static final java.util.List<String> TYPES = java.util.List.of(ACCESS_TOKEN_TYPE, PLAIN_TYPE);

    private final String encodedHeader;
    private final byte[] encodedHeaderBytes;
    private final boolean roleUriClaim;
    private final String type;

    public TokenIssuer(KeyMaterial signingKey, String issuer, String audience) {
        this(signingKey, issuer, audience, false, ACCESS_TOKEN_TYPE);
    }

    private TokenIssuer(KeyMaterial signingKey, String issuer, String audience, boolean roleUriClaim, String type) {
        if (!signingKey.canSign()) {
            throw new IllegalArgumentException("the signing key cannot sign");
        }
        this.signingKey = signingKey;
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = audience;
        this.type = type;
        this.encodedHeader = encodedHeader(signingKey, type);
        this.encodedHeaderBytes = encodedHeader.getBytes(StandardCharsets.US_ASCII);
        this.roleUriClaim = roleUriClaim;
    }

    /** The same issuer, writing the roles a second time under {@link #ROLE_URI_CLAIM}, for clients written for DNN 10. */
    public TokenIssuer withRoleUriClaim() {
        return new TokenIssuer(signingKey, issuer, audience, true, type);
    }

    /** The same issuer, writing header {@code typ} {@code JWT} (for the DNN profile's clients) instead of {@code at+jwt}. */
    public TokenIssuer withPlainType() {
        return new TokenIssuer(signingKey, issuer, audience, roleUriClaim, PLAIN_TYPE);
    }

    /**
     * Signs a token for a session.
     *
     * @param userId    {@code sub}
     * @param username  {@code preferred_username}
     * @param sessionId {@code sid}
     * @param roles     {@code role}
     * @param issuedAt  {@code iat} and {@code nbf}
     * @param expiresAt {@code exp}
     */
    public IssuedToken issue(String userId, String username, String sessionId, Collection<String> roles,
                             Instant issuedAt, Instant expiresAt) {
        return issue(userId, username, sessionId, roles, issuedAt, expiresAt, null);
    }

    /** {@link #issue(String, String, String, Collection, Instant, Instant)}, bound to a DPoP key: {@code cnf.jkt}. */
    public IssuedToken issue(String userId, String username, String sessionId, Collection<String> roles,
                             Instant issuedAt, Instant expiresAt, String confirmationKey) {
        return issue(userId, username, sessionId, roles, issuedAt, expiresAt, confirmationKey, null, null);
    }

    /**
     * The same, for a session opened by signing in at an identity provider: {@code idp} names the provider and {@code
     * idp_sid} holds the provider's session id (when it gave one), so that the provider's logout can end the session.
     */
    public IssuedToken issue(String userId, String username, String sessionId, Collection<String> roles,
                             Instant issuedAt, Instant expiresAt, String confirmationKey, String identityProvider,
                             String providerSessionId) {
        String tokenId = Secrets.randomToken(TOKEN_ID_BYTES);
        String payload = encode(generator -> {
            generator.writeStringField("iss", issuer);
            generator.writeStringField("sub", userId);
            if (username != null) {
                generator.writeStringField("preferred_username", username);
            }
            if (audience != null) {
                generator.writeStringField("aud", audience);
            }
            generator.writeStringField("sid", sessionId);
            generator.writeArrayFieldStart("role");
            for (String role : roles) {
                generator.writeString(role);
            }
            generator.writeEndArray();
            if (roleUriClaim) {
                generator.writeArrayFieldStart(ROLE_URI_CLAIM);
                for (String role : roles) {
                    generator.writeString(role);
                }
                generator.writeEndArray();
            }
            generator.writeNumberField("iat", issuedAt.getEpochSecond());
            generator.writeNumberField("nbf", issuedAt.getEpochSecond());
            generator.writeNumberField("exp", expiresAt.getEpochSecond());
            generator.writeStringField("jti", tokenId);
            if (identityProvider != null) {
                generator.writeStringField(IDENTITY_PROVIDER_CLAIM, identityProvider);
                if (providerSessionId != null) {
                    generator.writeStringField(PROVIDER_SESSION_CLAIM, providerSessionId);
                }
            }
            if (confirmationKey != null) {
                generator.writeObjectFieldStart("cnf");
                generator.writeStringField("jkt", confirmationKey);
                generator.writeEndObject();
            }
        });
        byte[] signature = signingKey.sign(new SigningInput(encodedHeaderBytes, payload.getBytes(StandardCharsets.US_ASCII)));
        String token = encodedHeader + '.' + payload + '.' + Base64Url.encode(signature);
        return new IssuedToken(token, tokenId, Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    /**
     * The header segment an issuer writes for {@code key}: {@code {"typ":type,"alg":...,"kid":...}}. The
     * verifier knows these in advance, so that our own tokens' headers are never parsed.
     */
    static String encodedHeader(KeyMaterial key, String type) {
        return encode(generator -> {
            generator.writeStringField("typ", type);
            generator.writeStringField("alg", key.algorithm().name());
            if (key.keyId() != null) {
                generator.writeStringField("kid", key.keyId());
            }
        });
    }

    /**
     * A compact JWS of {@code payloadJson} (a JSON object) under the header {@link #encodedHeader} writes, with header
     * {@code typ} {@code type}: jwtauth's signed artefacts other than access tokens (the sign-in state, client
     * assertions). Package-private: it signs anything it is given.
     */
    static String signCompact(KeyMaterial key, String type, byte[] payloadJson) {
        String header = encodedHeader(key, type);
        String payload = Base64Url.encode(payloadJson);
        byte[] signature = key.sign(new SigningInput(header.getBytes(StandardCharsets.US_ASCII), payload.getBytes(StandardCharsets.US_ASCII)));
        return header + '.' + payload + '.' + Base64Url.encode(signature);
    }

    private interface ObjectWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    private static String encode(ObjectWriter fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = StrictJson.MAPPER.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            fields.write(generator);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64Url.encode(out.toByteArray());
    }
}
