package io.jwtauth.core.keys;

import com.auth0.jwt.algorithms.Algorithm;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The signature algorithms jwtauth accepts. There is deliberately no {@code none}: no spelling of it can
 * ever name a member of this enum.
 */
public enum JwsAlgorithm {
    HS256(Family.HMAC, 32, null), HS384(Family.HMAC, 48, null), HS512(Family.HMAC, 64, null),
    RS256(Family.RSA, 32, null), RS384(Family.RSA, 48, null), RS512(Family.RSA, 64, null),
    PS256(Family.RSA_PSS, 32, null), PS384(Family.RSA_PSS, 48, null), PS512(Family.RSA_PSS, 64, null),
    ES256(Family.EC, 32, "P-256"), ES384(Family.EC, 48, "P-384"), ES512(Family.EC, 64, "P-521"),
    /** EdDSA (RFC 8037) with Ed25519 keys; Ed448 is not supported. */
    EdDSA(Family.EDDSA, 64, "Ed25519");

    /** The kind of key an algorithm needs. */
    public enum Family { HMAC, RSA, RSA_PSS, EC, EDDSA }

    private final Family family;
    private final int hashBytes;
    private final String curve;

    JwsAlgorithm(Family family, int hashBytes, String curve) {
        this.family = family;
        this.hashBytes = hashBytes;
        this.curve = curve;
    }

    public Family family() {
        return family;
    }

    /** Output size of the hash; also the minimum HMAC key length (RFC 7518 §3.2). */
    public int hashBytes() {
        return hashBytes;
    }

    /** The JWK {@code crv} an EC or EdDSA algorithm requires, or {@code null}. */
    public String curve() {
        return curve;
    }

    public boolean isSymmetric() {
        return family == Family.HMAC;
    }

    /** Exactly the registered name (case-sensitive), as in a token header or a configuration value. */
    public static Optional<JwsAlgorithm> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (JwsAlgorithm algorithm : values()) {
            if (algorithm.name().equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #fromName}, plus the legacy JWK spelling {@code ES521} for ES512 that RFC 7520's examples
     * use. Only for the {@code alg} member of an imported key, never for a token header.
     */
    static Optional<JwsAlgorithm> fromJwkName(String name) {
        return "ES521".equals(name) ? Optional.of(ES512) : fromName(name);
    }

    /** The java-jwt algorithm for these keys; private key or secret may be absent for verify-only use. */
    Algorithm toJwtAlgorithm(PublicKey publicKey, PrivateKey privateKey, byte[] secret) {
        return switch (this) {
            case HS256 -> Algorithm.HMAC256(secret);
            case HS384 -> Algorithm.HMAC384(secret);
            case HS512 -> Algorithm.HMAC512(secret);
            case RS256 -> Algorithm.RSA256((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
            case RS384 -> Algorithm.RSA384((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
            case RS512 -> Algorithm.RSA512((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
            case PS256 -> Algorithm.RSA256PSS((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
            case PS384 -> Algorithm.RSA384PSS((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
            case PS512 -> Algorithm.RSA512PSS((RSAPublicKey) publicKey, (RSAPrivateKey) privateKey);
            case ES256 -> Algorithm.ECDSA256((ECPublicKey) publicKey, (ECPrivateKey) privateKey);
            case ES384 -> Algorithm.ECDSA384((ECPublicKey) publicKey, (ECPrivateKey) privateKey);
            case ES512 -> Algorithm.ECDSA512((ECPublicKey) publicKey, (ECPrivateKey) privateKey);
            case EdDSA -> new EdDsaAlgorithm(publicKey, privateKey);
        };
    }
}
