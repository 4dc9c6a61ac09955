package io.jwtauth.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.SigningInput;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.keys.ProofKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A DPoP client for tests: a key pair of its own, and proofs made from a default header ({@code typ}, {@code alg},
 * {@code jwk}) and claims ({@code jti}, {@code htm}, {@code htu}, {@code iat}, and {@code ath} for a token), any of
 * which a test can replace or remove (a {@code null} value) to make a bad one.
 */
public final class DpopProofs {
    private final KeyMaterial key;
    private final ObjectNode jwk;

    public DpopProofs(JwsAlgorithm algorithm) {
        this.key = Keys.generate(algorithm, null);
        try {
            JsonNode set = StrictJson.MAPPER.readTree(Keys.publicJwks(List.of(key)));
            this.jwk = (ObjectNode) set.get("keys").get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jwk.remove(List.of("kid", "alg", "use", "key_ops"));
    }

    /** The public JWK the proofs carry. */
    public ObjectNode jwk() {
        return jwk.deepCopy();
    }

    /** Its RFC 7638 thumbprint: what a bound token's {@code cnf.jkt} holds. */
    public String thumbprint() {
        return ProofKeys.thumbprint(jwk);
    }

    /** A valid proof for {@code method} and {@code url}, at {@code now}, with {@code ath} for {@code accessToken} (may be null). */
    public String proof(String method, String url, Instant now, String accessToken) {
        return proof(method, url, now, accessToken, Map.of(), Map.of());
    }

    /** A proof with these header members and claims replaced (a {@code null} value removes the member). */
    public String proof(String method, String url, Instant now, String accessToken, Map<String, Object> header,
                        Map<String, Object> claims) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("typ", "dpop+jwt");
        h.put("alg", key.algorithm().name());
        h.put("jwk", jwk);
        h.putAll(header);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jti", UUID.randomUUID().toString());
        c.put("htm", method);
        c.put("htu", url);
        c.put("iat", now.getEpochSecond());
        if (accessToken != null) {
            c.put("ath", io.jwtauth.core.tokens.DpopVerifier.accessTokenHash(accessToken));
        }
        c.putAll(claims);
        h.values().removeIf(java.util.Objects::isNull);
        c.values().removeIf(java.util.Objects::isNull);
        return sign(encode(h), encode(c));
    }

    /** The signature of this client's key over {@code header.payload}, appended. */
    public String sign(String encodedHeader, String encodedPayload) {
        byte[] signature = key.sign(new SigningInput(encodedHeader.getBytes(StandardCharsets.US_ASCII),
                encodedPayload.getBytes(StandardCharsets.US_ASCII)));
        return encodedHeader + '.' + encodedPayload + '.' + Base64Url.encode(signature);
    }

    public static String encode(Map<String, Object> members) {
        try {
            return Base64Url.encode(StrictJson.MAPPER.writeValueAsBytes(members));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
