package io.jwtauth.core.keys;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The public key a client proves possession of (a DPoP proof's {@code jwk} header, RFC 9449): read through the same
 * import checks as any configured key, for the one algorithm the proof names, never with a private member; and its
 * RFC 7638 thumbprint, which is what a token is bound to ({@code cnf.jkt}). Stateless.
 */
public final class ProofKeys {
    /** Members that only a private or secret key has (RFC 7517, 7518, 8037). */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private ProofKeys() {
    }

    /** The public key of {@code jwk} for {@code algorithm}; a {@link KeyImportException} says why it is not one. */
    public static KeyMaterial publicKey(JsonNode jwk, JwsAlgorithm algorithm) {
        if (jwk == null || !jwk.isObject()) {
            throw new KeyImportException("jwk is not a JSON object");
        }
        for (String member : PRIVATE_MEMBERS) {
            if (jwk.has(member)) {
                throw new KeyImportException("jwk holds a private or secret member ('" + member + "')");
            }
        }
        if (algorithm.isSymmetric()) {
            throw new KeyImportException("a proof needs an asymmetric algorithm");
        }
        KeyMaterial key = JwkReader.readKey(jwk, algorithm);
        if (key.publicKey() == null) {
            throw new KeyImportException("jwk is not a public key");
        }
        return key;
    }

    /**
     * The RFC 7638 SHA-256 thumbprint of a public JWK, base64url: the required members of its key type, in
     * lexicographic order, as compact JSON.
     */
    public static String thumbprint(JsonNode jwk) {
        String kty = text(jwk, "kty");
        List<String> members = switch (kty) {
            case "EC" -> List.of("crv", "kty", "x", "y");
            case "RSA" -> List.of("e", "kty", "n");
            case "OKP" -> List.of("crv", "kty", "x");
            default -> throw new KeyImportException("no thumbprint for kty '" + kty + "'");
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = StrictJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            for (String member : members) {
                json.writeStringField(member, text(jwk, member));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new KeyImportException("cannot write the thumbprint input");
        }
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String text(JsonNode jwk, String member) {
        JsonNode value = jwk.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new KeyImportException("jwk member '" + member + "' missing or not a string");
        }
        return value.asText();
    }
}
