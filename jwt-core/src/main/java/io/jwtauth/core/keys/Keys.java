package io.jwtauth.core.keys;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.internal.SignedParts;
import io.jwtauth.core.internal.StrictJson;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Entry point for keys: import from JWK, JWKS and PEM with validation, generate new keys, and export
 * public JWKS or private JWK documents. Every method is static and thread-safe.
 */
public final class Keys {
    private static final long MAX_KEY_FILE_BYTES = 1024 * 1024;

    private Keys() {
    }

    /**
     * Parses a JWK, a JWKS or PEM text. {@code expected} (nullable) is the configured algorithm; a key that
     * declares another one is refused.
     */
    public static List<KeyMaterial> parse(String text, JwsAlgorithm expected) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{")) {
            return JwkReader.read(trimmed, expected);
        }
        if (PemReader.looksLikePem(trimmed)) {
            return List.of(PemReader.read(trimmed, expected));
        }
        throw new KeyImportException("neither JSON (JWK/JWKS) nor PEM");
    }

    /**
     * The public keys of a JWKS document fetched from an identity provider, one entry per key and algorithm of
     * {@code algorithms} it serves, each through the same import checks as a configured key. Keys that cannot
     * be used are left out and described in {@code skipped}; a document that is not a JWKS is refused.
     */
    public static List<KeyMaterial> parsePublicJwks(String json, Collection<JwsAlgorithm> algorithms, List<String> skipped) {
        return JwkReader.readPublicSet(json, algorithms, skipped);
    }

    /** {@link #parse} on a file's content, naming the file in any error. */
    public static List<KeyMaterial> read(Path file, JwsAlgorithm expected) {
        try {
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new KeyImportException(file + ": larger than 1 MiB, not a key file");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), expected);
        } catch (IOException e) {
            throw new KeyImportException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        } catch (KeyImportException e) {
            throw new KeyImportException(file + ": " + e.getMessage(), e);
        }
    }

    /** An HMAC secret; refused when shorter than the algorithm's hash (RFC 7518 §3.2). */
    public static KeyMaterial secret(byte[] secret, JwsAlgorithm algorithm, String keyId) {
        return secret(secret, algorithm, keyId, null);
    }

    static KeyMaterial secret(byte[] secret, JwsAlgorithm algorithm, String keyId, Set<String> operations) {
        if (!algorithm.isSymmetric()) {
            throw new KeyImportException("a secret cannot be used for " + algorithm);
        }
        if (secret == null || secret.length < algorithm.hashBytes()) {
            throw new KeyImportException(algorithm + " needs a secret of at least " + algorithm.hashBytes() + " bytes, got "
                    + (secret == null ? 0 : secret.length));
        }
        return new KeyMaterial(algorithm, keyId, null, null, secret, operations);
    }

    /**
     * A new random HMAC secret for {@code algorithm}, as text for {@code jwtauth.key.secret}: {@code hashBytes()}
     * random bytes from {@code SecureRandom}, base64url-encoded (43 characters for HS256). Its UTF-8 form is longer
     * than the algorithm's minimum, and it survives any configuration file or environment variable.
     */
    public static String newSecretText(JwsAlgorithm algorithm) {
        if (!algorithm.isSymmetric()) {
            throw new IllegalArgumentException(algorithm + " has no secret: generate a key pair");
        }
        return Secrets.randomToken(algorithm.hashBytes());
    }

    /** A new random key for {@code algorithm}: 2048/3072/4096-bit RSA, the matching EC curve, or a hash-sized secret. */
    public static KeyMaterial generate(JwsAlgorithm algorithm, String keyId) {
        try {
            switch (algorithm.family()) {
                case HMAC:
                    return secret(Secrets.randomBytes(algorithm.hashBytes()), algorithm, keyId);
                case EDDSA: {
                    KeyPair pair = KeyPairGenerator.getInstance(EdKeys.CURVE).generateKeyPair();
                    return new KeyMaterial(algorithm, keyId, pair.getPublic(), pair.getPrivate(), null, null);
                }
                case RSA:
                case RSA_PSS: {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(algorithm.hashBytes() == 32 ? 2048 : algorithm.hashBytes() == 48 ? 3072 : 4096);
                    KeyPair pair = generator.generateKeyPair();
                    return new KeyMaterial(algorithm, keyId, pair.getPublic(), pair.getPrivate(), null, null);
                }
                default: {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(EcCurves.standardName(algorithm.curve())));
                    KeyPair pair = generator.generateKeyPair();
                    return new KeyMaterial(algorithm, keyId, pair.getPublic(), pair.getPrivate(), null, null);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate " + algorithm + " keys", e);
        }
    }

    /**
     * The public JWKS (RFC 7517 §5) of the asymmetric keys: public members only. Secret keys are left out,
     * since publishing one would let anyone sign tokens.
     */
    public static String publicJwks(Collection<KeyMaterial> keys) {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        ArrayNode array = root.putArray("keys");
        for (KeyMaterial key : keys) {
            if (!key.isSymmetric()) {
                array.add(publicJwk(key));
            }
        }
        return root.toPrettyString();
    }

    /** A private JWK for a key that can sign (the output of {@code jwtauth keygen}). */
    public static String privateJwk(KeyMaterial key) {
        ObjectNode node = StrictJson.MAPPER.createObjectNode();
        if (key.isSymmetric()) {
            node.put("kty", "oct");
            header(node, key);
            node.put("k", Base64Url.encode(key.secret()));
            return node.toPrettyString();
        }
        node.setAll(publicJwk(key));
        if (key.privateKey() instanceof RSAPrivateCrtKey rsa) {
            node.put("d", unsigned(rsa.getPrivateExponent(), 0));
            node.put("p", unsigned(rsa.getPrimeP(), 0));
            node.put("q", unsigned(rsa.getPrimeQ(), 0));
            node.put("dp", unsigned(rsa.getPrimeExponentP(), 0));
            node.put("dq", unsigned(rsa.getPrimeExponentQ(), 0));
            node.put("qi", unsigned(rsa.getCrtCoefficient(), 0));
        } else if (key.privateKey() instanceof ECPrivateKey ec) {
            node.put("d", unsigned(ec.getS(), EcCurves.coordinateBytes(key.algorithm().curve())));
        } else if (EdKeys.isEd25519(key.privateKey())) {
            node.put("d", Base64Url.encode(EdKeys.raw(key.privateKey())));
        } else {
            throw new KeyImportException("key has no private part to export");
        }
        return node.toPrettyString();
    }

    private static ObjectNode publicJwk(KeyMaterial key) {
        ObjectNode node = StrictJson.MAPPER.createObjectNode();
        if (key.publicKey() instanceof RSAPublicKey rsa) {
            node.put("kty", "RSA");
            header(node, key);
            node.put("n", unsigned(rsa.getModulus(), 0));
            node.put("e", unsigned(rsa.getPublicExponent(), 0));
        } else if (key.publicKey() instanceof ECPublicKey ec) {
            int length = EcCurves.coordinateBytes(key.algorithm().curve());
            node.put("kty", "EC");
            header(node, key);
            node.put("crv", key.algorithm().curve());
            node.put("x", unsigned(ec.getW().getAffineX(), length));
            node.put("y", unsigned(ec.getW().getAffineY(), length));
        } else if (EdKeys.isEd25519(key.publicKey())) {
            node.put("kty", "OKP");
            header(node, key);
            node.put("crv", EdKeys.CURVE);
            node.put("x", Base64Url.encode(EdKeys.raw(key.publicKey())));
        } else {
            throw new KeyImportException("key has no public part");
        }
        return node;
    }

    private static void header(ObjectNode node, KeyMaterial key) {
        if (key.keyId() != null) {
            node.put("kid", key.keyId());
        }
        node.put("use", "sig");
        node.put("alg", key.algorithm().name());
    }

    /** Big-endian unsigned bytes, left-padded to {@code length} when it is non-zero (RFC 7518 §6.2.1.2). */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        int size = bytes.length - start;
        byte[] out = new byte[Math.max(size, length)];
        System.arraycopy(bytes, start, out, out.length - size, size);
        return Base64Url.encode(out);
    }

    /**
     * For a key with both halves: signs a probe and verifies it, so that a private key that does not
     * belong to its public key fails at import rather than with every token.
     */
    static KeyMaterial checkedPair(KeyMaterial key) {
        if (key.isSymmetric() || key.privateKey() == null) {
            return key;
        }
        byte[] header = "e30".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = "e30".getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] signature = key.jwtAlgorithm().sign(header, payload);
            key.jwtAlgorithm().verify(new SignedParts("e30", "e30", Base64Url.encode(signature)));
        } catch (RuntimeException e) {
            throw new KeyImportException("the private key does not belong to the public key", e);
        }
        return key;
    }
}
