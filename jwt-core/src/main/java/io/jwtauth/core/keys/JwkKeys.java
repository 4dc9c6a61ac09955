package io.jwtauth.core.keys;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.internal.Base64Url;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Set;

/**
 * One JWK's members as key material, for {@link JwkReader}: typed member reads (a member of the wrong JSON type or not
 * canonical base64url is refused, never defaulted) and the RSA and EC keys (OKP keys are {@link EdKeys}'). Every
 * refusal is a {@link KeyImportException} naming the member.
 */
final class JwkKeys {
    private JwkKeys() {
    }

    /** An RSA JWK ({@code n}, {@code e}; private: {@code d} and the CRT members), checked for a consistent pair. */
    static KeyMaterial rsa(JsonNode jwk, JwsAlgorithm algorithm, String kid, Set<String> operations) {
        BigInteger modulus = unsigned(jwk, "n", true);
        BigInteger exponent = unsigned(jwk, "e", true);
        RsaKeyChecks.checkPublic(modulus, exponent);
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PublicKey publicKey = factory.generatePublic(new RSAPublicKeySpec(modulus, exponent));
            PrivateKey privateKey = null;
            if (jwk.has("d")) {
                BigInteger privateExponent = unsigned(jwk, "d", true);
                if (jwk.has("p")) {
                    privateKey = factory.generatePrivate(new RSAPrivateCrtKeySpec(modulus, exponent, privateExponent,
                            unsigned(jwk, "p", true), unsigned(jwk, "q", true), unsigned(jwk, "dp", true),
                            unsigned(jwk, "dq", true), unsigned(jwk, "qi", true)));
                } else {
                    privateKey = factory.generatePrivate(new RSAPrivateKeySpec(modulus, privateExponent));
                }
                if (privateKey instanceof RSAPrivateCrtKey crt && !crt.getModulus().equals(crt.getPrimeP().multiply(crt.getPrimeQ()))) {
                    throw new KeyImportException("RSA private key is inconsistent: n is not p·q");
                }
            }
            return Keys.checkedPair(new KeyMaterial(algorithm, kid, publicKey, privateKey, null, operations));
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("RSA key rejected by the JVM", e);
        }
    }

    /** An EC JWK: a named curve matching {@code algorithm}, a point on it, a private scalar in range. */
    static KeyMaterial ec(JsonNode jwk, JwsAlgorithm algorithm, String kid, Set<String> operations) {
        String curve = text(jwk, "crv", true);
        ECParameterSpec parameters = EcCurves.parameters(curve);
        if (parameters == null) {
            throw new KeyImportException("unsupported crv '" + curve + "'; use P-256, P-384 or P-521");
        }
        if (!curve.equals(algorithm.curve())) {
            throw new KeyImportException("crv " + curve + " does not match " + algorithm + ", which needs " + algorithm.curve());
        }
        int length = EcCurves.coordinateBytes(curve);
        byte[] x = bytes(jwk, "x", true);
        byte[] y = bytes(jwk, "y", true);
        if (x.length != length || y.length != length) {
            throw new KeyImportException("EC coordinates for " + curve + " must be exactly " + length + " bytes");
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!EcCurves.isOnCurve(point, parameters)) {
            throw new KeyImportException("EC public point is not on curve " + curve);
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            PublicKey publicKey = factory.generatePublic(new ECPublicKeySpec(point, parameters));
            PrivateKey privateKey = null;
            if (jwk.has("d")) {
                byte[] d = bytes(jwk, "d", true);
                BigInteger scalar = new BigInteger(1, d);
                if (d.length != length || scalar.signum() == 0 || scalar.compareTo(parameters.getOrder()) >= 0) {
                    throw new KeyImportException("EC private scalar d is out of range for " + curve);
                }
                privateKey = factory.generatePrivate(new ECPrivateKeySpec(scalar, parameters));
            }
            return Keys.checkedPair(new KeyMaterial(algorithm, kid, publicKey, privateKey, null, operations));
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("EC key rejected by the JVM", e);
        }
    }

    /** A string member; a missing one is {@code null} unless {@code required}. */
    static String text(JsonNode jwk, String member, boolean required) {
        JsonNode node = jwk.get(member);
        if (node == null || node.isNull()) {
            if (required) {
                throw new KeyImportException("JWK member '" + member + "' is missing");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new KeyImportException("JWK member '" + member + "' must be a string");
        }
        return node.asText();
    }

    /** A canonical base64url member's bytes. */
    static byte[] bytes(JsonNode jwk, String member, boolean required) {
        String text = text(jwk, member, required);
        try {
            return Base64Url.decodeStrict(text);
        } catch (IllegalArgumentException e) {
            throw new KeyImportException("JWK member '" + member + "' is not canonical base64url");
        }
    }

    private static BigInteger unsigned(JsonNode jwk, String member, boolean required) {
        byte[] bytes = bytes(jwk, member, required);
        if (bytes.length == 0) {
            throw new KeyImportException("JWK member '" + member + "' is empty");
        }
        return new BigInteger(1, bytes);
    }
}
