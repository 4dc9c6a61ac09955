package io.jwtauth.core.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 keys (RFC 8037 {@code "kty":"OKP","crv":"Ed25519"}): between the raw 32-byte JWK form and the JDK's key
 * objects, with the checks the JDK leaves to the caller. A public key must be a canonical encoding (its {@code y}
 * below p = 2^255 - 19) and must not be a point of small order: with such a key, signatures can be made that
 * verify for many messages without the private key. X25519 and X448 keys are for key agreement and are refused;
 * Ed448 is not supported.
 */
final class EdKeys {
    static final String CURVE = "Ed25519";
    static final int KEY_BYTES = 32;
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** DER before the raw key: SubjectPublicKeyInfo and PKCS#8 (v1) for OID 1.3.101.112 (RFC 8410). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    /**
     * The {@code y} coordinates (the encoding with the sign bit cleared, hex) of the eight points of order 1, 2,
     * 4 and 8: 0, 1, p-1 and the two of order 8. {@code EdKeysTest} derives them from the curve equation.
     */
    static final Set<String> SMALL_ORDER_Y = Set.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");

    private EdKeys() {
    }

    /** An Ed25519 public key from its 32-byte encoding, checked as the class comment says. */
    static PublicKey publicKey(byte[] encoded) {
        checkPublic(encoded);
        byte[] der = concat(SPKI_PREFIX, encoded);
        try {
            return KeyFactory.getInstance(CURVE).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("Ed25519 public key rejected by the JVM", e);
        }
    }

    /** An Ed25519 private key from its 32-byte seed ({@code d}). */
    static PrivateKey privateKey(byte[] seed) {
        if (seed.length != KEY_BYTES) {
            throw new KeyImportException("an Ed25519 private key (d) must be exactly 32 bytes, got " + seed.length);
        }
        try {
            return KeyFactory.getInstance(CURVE).generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("Ed25519 private key rejected by the JVM", e);
        }
    }

    /** The 32-byte encoding of a JDK Ed25519 public key (refusing other curves and bad points). */
    static byte[] raw(PublicKey key) {
        requireEd25519(key);
        byte[] der = key.getEncoded();
        if (der.length != SPKI_PREFIX.length + KEY_BYTES || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new KeyImportException("unexpected encoding of an Ed25519 public key");
        }
        byte[] encoded = Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
        checkPublic(encoded);
        return encoded;
    }

    /** The 32-byte seed of a JDK Ed25519 private key (for {@code jwtauth keygen}). */
    static byte[] raw(PrivateKey key) {
        requireEd25519(key);
        byte[] der = key.getEncoded();
        if (der.length < PKCS8_PREFIX.length + KEY_BYTES || !Arrays.equals(der, 0, PKCS8_PREFIX.length, PKCS8_PREFIX, 0, PKCS8_PREFIX.length)) {
            throw new KeyImportException("unexpected encoding of an Ed25519 private key");
        }
        return Arrays.copyOfRange(der, PKCS8_PREFIX.length, PKCS8_PREFIX.length + KEY_BYTES);
    }

    /** Whether a JDK key is an Ed25519 key (not X25519, not Ed448). */
    static boolean isEd25519(Object key) {
        return key instanceof EdECKey ed && CURVE.equalsIgnoreCase(ed.getParams().getName());
    }

    private static void requireEd25519(Object key) {
        if (key instanceof EdECKey ed && !isEd25519(key)) {
            throw new KeyImportException(ed.getParams().getName() + " keys are not supported; use Ed25519");
        }
        if (!isEd25519(key)) {
            throw new KeyImportException("not an Ed25519 key");
        }
    }

    /** The key an OKP JWK describes; {@code d} is optional. */
    static KeyMaterial fromJwk(String curve, byte[] x, byte[] d, JwsAlgorithm algorithm, String kid, Set<String> operations) {
        switch (curve) {
            case CURVE -> { }
            case "X25519", "X448" -> throw new KeyImportException("crv " + curve + " is a key-agreement key (RFC 8037 §3.2), not a signing key");
            case "Ed448" -> throw new KeyImportException("crv Ed448 is not supported; use Ed25519");
            default -> throw new KeyImportException("unsupported OKP crv '" + curve + "'; use Ed25519");
        }
        if (algorithm != JwsAlgorithm.EdDSA) {
            throw new KeyImportException("an Ed25519 key is for EdDSA, not " + algorithm);
        }
        PublicKey publicKey = publicKey(x);
        PrivateKey privateKey = d == null ? null : privateKey(d);
        return Keys.checkedPair(new KeyMaterial(JwsAlgorithm.EdDSA, kid, publicKey, privateKey, null, operations));
    }

    private static void checkPublic(byte[] encoded) {
        if (encoded.length != KEY_BYTES) {
            throw new KeyImportException("an Ed25519 public key (x) must be exactly 32 bytes, got " + encoded.length);
        }
        byte[] y = encoded.clone();
        y[KEY_BYTES - 1] &= 0x7f;
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = y[KEY_BYTES - 1 - i];
        }
        if (new BigInteger(1, bigEndian).compareTo(P) >= 0) {
            throw new KeyImportException("the Ed25519 public key is not a canonical encoding (y is not below 2^255 - 19)");
        }
        if (SMALL_ORDER_Y.contains(HexFormat.of().formatHex(y))) {
            throw new KeyImportException("the Ed25519 public key is a point of small order: anyone could forge its signatures");
        }
    }

    private static byte[] concat(byte[] prefix, byte[] key) {
        byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }
}
