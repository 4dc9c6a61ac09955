package io.jwtauth.core.keys;

import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureGenerationException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.jwtauth.core.internal.Base64Url;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * EdDSA with Ed25519 (RFC 8037) on java-jwt's {@link Algorithm} extension point, which java-jwt itself does not
 * fill. The JDK does the arithmetic ({@code Signature.getInstance("Ed25519")}, JDK 15+); this class only refuses,
 * before it, what RFC 8032 says a verifier must refuse: a signature that is not exactly 64 bytes, and a
 * non-canonical one whose {@code S} is not below the group order {@code L} (a second, malleated form of a valid
 * signature). Keys are checked at import ({@link EdKeys}). Thread-safe: a {@code Signature} is made per call.
 */
final class EdDsaAlgorithm extends Algorithm {
    static final int SIGNATURE_BYTES = 64;
    /** The order of the Ed25519 base point, 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1). */
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    EdDsaAlgorithm(PublicKey publicKey, PrivateKey privateKey) {
        super("EdDSA", "EdDSA with Ed25519");
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    @Override
    public void verify(DecodedJWT jwt) {
        byte[] signature;
        try {
            signature = Base64Url.decodeStrict(jwt.getSignature());
        } catch (IllegalArgumentException e) {
            throw new SignatureVerificationException(this, e);
        }
        byte[] content = (jwt.getHeader() + '.' + jwt.getPayload()).getBytes(StandardCharsets.US_ASCII);
        if (publicKey == null || !verifies(publicKey, content, signature)) {
            throw new SignatureVerificationException(this);
        }
    }

    /** Whether {@code signature} is a canonical Ed25519 signature of {@code message} by {@code key}. */
    static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES || !canonicalScalar(signature)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code S} (the second half, little-endian) is below {@code L}. */
    private static boolean canonicalScalar(byte[] signature) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = signature[SIGNATURE_BYTES - 1 - i];
        }
        return new BigInteger(1, bigEndian).compareTo(L) < 0;
    }

    @Override
    public byte[] sign(byte[] content) {
        if (privateKey == null) {
            throw new IllegalStateException("this EdDSA key has no private part");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(content);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new SignatureGenerationException(this, e);
        }
    }
}
