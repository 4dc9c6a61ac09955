package io.jwtauth.core.keys;

import static io.jwtauth.core.keys.JwkKeys.bytes;
import static io.jwtauth.core.keys.JwkKeys.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.internal.StrictJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates JWK (RFC 7517) and JWKS documents. */
final class JwkReader {
    /** Members that only a private JWK has (RFC 7518 §6.2.2, §6.3.2, §6.4). */
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final Set<String> KNOWN_OPERATIONS = Set.of(
            "sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits");

    private JwkReader() {
    }

    /** A JWK or a JWKS document; {@code expected} (nullable) is the algorithm the operator configured. */
    static List<KeyMaterial> read(String json, JwsAlgorithm expected) {
        JsonNode root;
        try {
            root = StrictJson.read(json);
        } catch (IOException e) {
            throw new KeyImportException("not valid JSON (or a duplicated member)");
        }
        if (!root.isObject()) {
            throw new KeyImportException("a JWK or JWKS must be a JSON object");
        }
        if (root.has("keys")) {
            JsonNode keys = root.get("keys");
            if (!keys.isArray() || keys.isEmpty()) {
                throw new KeyImportException("JWKS 'keys' must be a non-empty array");
            }
            List<KeyMaterial> result = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Set<String> keyIds = new HashSet<>();
            int index = -1;
            for (JsonNode key : keys) {
                index++;
                // A real JWKS publishes keys of several types: those that cannot serve the configured
                // algorithm are skipped, not fatal. A key that could serve it must be valid.
                String unusable = expected == null ? null : unusableReason(key, expected);
                if (unusable != null) {
                    skipped.add("keys[" + index + "] " + unusable);
                    continue;
                }
                KeyMaterial material;
                try {
                    material = readKey(key, expected);
                } catch (KeyImportException e) {
                    throw new KeyImportException("keys[" + index + "]: " + e.getMessage(), e);
                }
                if (material.keyId() != null && !keyIds.add(material.keyId())) {
                    throw new KeyImportException("duplicate kid '" + material.keyId() + "' in JWKS: a token could not say which key it means");
                }
                result.add(material);
            }
            if (result.isEmpty()) {
                throw new KeyImportException("no key can serve " + expected + ": " + String.join("; ", skipped));
            }
            boolean symmetric = result.get(0).isSymmetric();
            for (KeyMaterial material : result) {
                if (material.isSymmetric() != symmetric) {
                    throw new KeyImportException("JWKS mixes secret (oct) and public keys; keep them in separate files");
                }
            }
            return List.copyOf(result);
        }
        return List.of(readKey(root, expected));
    }

    /**
     * A public JWKS fetched from an identity provider: for each key and each of {@code algorithms} it can serve,
     * one {@link KeyMaterial} that passed the import checks. A key that cannot serve any of them, fails a check,
     * carries private material or repeats a (kid, algorithm) pair is left out and named in {@code skipped}, so
     * that one bad key of a provider's set does not stop the others.
     */
    static List<KeyMaterial> readPublicSet(String json, Collection<JwsAlgorithm> algorithms, List<String> skipped) {
        JsonNode root;
        try {
            root = StrictJson.read(json);
        } catch (IOException e) {
            throw new KeyImportException("not valid JSON (or a duplicated member)");
        }
        JsonNode keys = root.isObject() ? root.get("keys") : null;
        if (keys == null || !keys.isArray()) {
            throw new KeyImportException("a JWKS must be an object with a 'keys' array");
        }
        List<KeyMaterial> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int index = -1;
        for (JsonNode key : keys) {
            index++;
            if (!key.isObject() || PRIVATE_MEMBERS.stream().anyMatch(key::has)) {
                skipped.add("keys[" + index + "] is not a public key");
                continue;
            }
            for (JwsAlgorithm algorithm : algorithms) {
                if (unusableReason(key, algorithm) != null) {
                    continue;
                }
                try {
                    KeyMaterial material = readKey(key, algorithm);
                    if (seen.add(material.keyId() + " " + algorithm)) {
                        result.add(material);
                    } else {
                        skipped.add("keys[" + index + "] repeats kid '" + material.keyId() + "' for " + algorithm);
                    }
                } catch (KeyImportException e) {
                    skipped.add("keys[" + index + "] for " + algorithm + ": " + e.getMessage());
                }
            }
        }
        return List.copyOf(result);
    }

    /** Why {@code jwk} cannot serve {@code algorithm} at all, or {@code null} when it might (then it must be valid). */
    static String unusableReason(JsonNode jwk, JwsAlgorithm algorithm) {
        if (!jwk.isObject()) {
            return null;
        }
        String kty = jwk.path("kty").asText("");
        if (!List.of("oct", "RSA", "EC", "OKP").contains(kty) || !fits(kty, algorithm)) {
            return "is a " + (kty.isEmpty() ? "key without kty" : kty + " key");
        }
        if (("EC".equals(kty) || "OKP".equals(kty)) && !algorithm.curve().equals(jwk.path("crv").asText(""))) {
            return "is on curve " + jwk.path("crv").asText("(none)");
        }
        if (jwk.hasNonNull("alg") && !JwsAlgorithm.fromJwkName(jwk.get("alg").asText()).map(algorithm::equals).orElse(false)) {
            return "has alg " + jwk.get("alg").asText();
        }
        if (jwk.hasNonNull("use") && !"sig".equals(jwk.get("use").asText())) {
            return "has use " + jwk.get("use").asText();
        }
        return null;
    }

    static KeyMaterial readKey(JsonNode jwk, JwsAlgorithm expected) {
        if (!jwk.isObject()) {
            throw new KeyImportException("a JWK must be a JSON object");
        }
        String kty = text(jwk, "kty", true);
        String kid = text(jwk, "kid", false);
        if (kid != null && (kid.isEmpty() || kid.length() > 256)) {
            throw new KeyImportException("kid must be 1 to 256 characters");
        }
        String use = text(jwk, "use", false);
        if (use != null && !"sig".equals(use)) {
            throw new KeyImportException("key has use '" + use + "'; only 'sig' keys can sign or verify tokens");
        }
        Set<String> operations = operations(jwk);
        JwsAlgorithm algorithm = algorithm(jwk, kty, expected);
        return switch (kty) {
            case "oct" -> Keys.secret(bytes(jwk, "k", true), algorithm, kid, operations);
            case "RSA" -> JwkKeys.rsa(jwk, algorithm, kid, operations);
            case "EC" -> JwkKeys.ec(jwk, algorithm, kid, operations);
            case "OKP" -> EdKeys.fromJwk(text(jwk, "crv", true), bytes(jwk, "x", true), jwk.has("d") ? bytes(jwk, "d", true) : null,
                    algorithm, kid, operations);
            default -> throw new KeyImportException("unsupported kty '" + kty + "'; use oct, RSA, EC or OKP");
        };
    }

    private static Set<String> operations(JsonNode jwk) {
        JsonNode node = jwk.get("key_ops");
        if (node == null) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new KeyImportException("key_ops must be a non-empty array of strings");
        }
        Set<String> operations = new LinkedHashSet<>();
        for (JsonNode operation : node) {
            if (!operation.isTextual() || !KNOWN_OPERATIONS.contains(operation.asText()) || !operations.add(operation.asText())) {
                throw new KeyImportException("key_ops holds an unknown or repeated operation");
            }
        }
        if (!operations.contains("sign") && !operations.contains("verify")) {
            throw new KeyImportException("key has key_ops " + operations + "; it must allow 'sign' or 'verify'");
        }
        return operations;
    }

    private static JwsAlgorithm algorithm(JsonNode jwk, String kty, JwsAlgorithm expected) {
        String name = text(jwk, "alg", false);
        JwsAlgorithm declared = null;
        if (name != null) {
            declared = JwsAlgorithm.fromJwkName(name)
                    .orElseThrow(() -> new KeyImportException("key has alg '" + name + "', which is not a supported JWS algorithm"));
            if (expected != null && declared != expected) {
                throw new KeyImportException("key has alg " + declared + " but " + expected + " is configured");
            }
        }
        JwsAlgorithm algorithm = declared != null ? declared : expected;
        if (algorithm == null && "EC".equals(kty)) {
            algorithm = switch (String.valueOf(jwk.path("crv").asText(null))) {
                case "P-256" -> JwsAlgorithm.ES256;
                case "P-384" -> JwsAlgorithm.ES384;
                case "P-521" -> JwsAlgorithm.ES512;
                default -> null;
            };
        }
        if (algorithm == null && "OKP".equals(kty)) {
            // The only OKP signature algorithm; a key-agreement curve is refused by name when the key is read.
            algorithm = JwsAlgorithm.EdDSA;
        }
        if (algorithm == null) {
            throw new KeyImportException("key has no alg; configure the algorithm it is for");
        }
        if (!fits(kty, algorithm)) {
            throw new KeyImportException("a " + kty + " key cannot be used for " + algorithm);
        }
        return algorithm;
    }

    /** Whether a key of type {@code kty} can serve {@code algorithm}; an unknown type is refused later, by name. */
    private static boolean fits(String kty, JwsAlgorithm algorithm) {
        return switch (kty) {
            case "oct" -> algorithm.family() == JwsAlgorithm.Family.HMAC;
            case "RSA" -> algorithm.family() == JwsAlgorithm.Family.RSA || algorithm.family() == JwsAlgorithm.Family.RSA_PSS;
            case "EC" -> algorithm.family() == JwsAlgorithm.Family.EC;
            case "OKP" -> algorithm.family() == JwsAlgorithm.Family.EDDSA;
            default -> true;
        };
    }
}
