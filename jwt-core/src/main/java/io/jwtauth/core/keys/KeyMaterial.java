package io.jwtauth.core.keys;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import io.jwtauth.core.internal.SignedParts;
import io.jwtauth.core.internal.SigningInput;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * One validated key with the one algorithm it may be used for, and the java-jwt {@link Algorithm} built
 * for it once. Immutable and thread-safe. Obtain instances from {@link Keys}; every instance has passed
 * the import checks (key size, curve membership, purpose).
 */
public final class KeyMaterial {
    private final JwsAlgorithm algorithm;
    private final String keyId;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final byte[] secret;
    private final Set<String> keyOperations;
    private final Algorithm jwtAlgorithm;

    KeyMaterial(JwsAlgorithm algorithm, String keyId, PublicKey publicKey, PrivateKey privateKey, byte[] secret,
                Set<String> keyOperations) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.secret = secret == null ? null : secret.clone();
        this.keyOperations = keyOperations == null ? null : Set.copyOf(keyOperations);
        this.jwtAlgorithm = algorithm.toJwtAlgorithm(publicKey, privateKey, this.secret);
    }

    /** The only algorithm this key signs or verifies with. */
    public JwsAlgorithm algorithm() {
        return algorithm;
    }

    /** The {@code kid}, or {@code null}. */
    public String keyId() {
        return keyId;
    }

    /** Whether this key can produce signatures (a private key or a secret). */
    public boolean canSign() {
        boolean material = algorithm.isSymmetric() ? secret != null : privateKey != null;
        return material && (keyOperations == null || keyOperations.contains("sign"));
    }

    /** Whether this key may verify signatures, as its {@code key_ops} allow. */
    public boolean canVerify() {
        return keyOperations == null || keyOperations.contains("verify") || keyOperations.contains("sign");
    }

    public boolean isSymmetric() {
        return algorithm.isSymmetric();
    }

    /** The public key, or {@code null} for an HMAC secret. */
    public PublicKey publicKey() {
        return publicKey;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    /**
     * The java-jwt algorithm bound to this key, built once; the algorithm is fixed by the key, never by a token.
     * Package-private: it could sign anything, so it never leaves this package.
     */
    Algorithm jwtAlgorithm() {
        return jwtAlgorithm;
    }

    /**
     * Signs a JWS signing input. For jwtauth's token layer: {@link SigningInput} is core-internal, so no other
     * module can call this. {@link IllegalStateException} for a key that {@linkplain #canSign() cannot sign}.
     */
    @SuppressWarnings("exports") // on purpose: the parameter type is what keeps other modules out
    public byte[] sign(SigningInput input) {
        if (!canSign()) {
            throw new IllegalStateException("this key cannot sign");
        }
        return jwtAlgorithm.sign(input.header(), input.payload());
    }

    /** Whether the signature of {@code parts} verifies with this key (never throws for a bad signature). */
    @SuppressWarnings("exports")
    public boolean verifies(SignedParts parts) {
        try {
            jwtAlgorithm.verify(parts);
            return true;
        } catch (SignatureVerificationException | IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    /** A copy of this key with a different {@code kid}. */
    public KeyMaterial withKeyId(String newKeyId) {
        return new KeyMaterial(algorithm, newKeyId, publicKey, privateKey, secret, keyOperations);
    }

    /** Never shows key material. */
    @Override
    public String toString() {
        return "KeyMaterial[" + algorithm + (keyId == null ? "" : ", kid=" + keyId)
                + (algorithm.isSymmetric() ? ", secret" : privateKey != null ? ", private" : ", public") + "]";
    }
}
