package io.jwtauth.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.SignedParts;
import io.jwtauth.core.internal.SigningInput;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ed25519 key import and export: what is accepted, and every way a bad key is refused. */
class EdKeysTest {
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final BigInteger D = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);

    private static String jwk(byte[] x) {
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Base64Url.encode(x) + "\"}";
    }

    private static String message(Runnable call) {
        return assertThrows(KeyImportException.class, call::run).getMessage();
    }

    // --- The small-order points, derived here from the curve -x² + y² = 1 + d·x²·y² (RFC 8032 §5.1) ---------

    private static BigInteger sqrt(BigInteger a) {
        BigInteger candidate = a.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (candidate.pow(2).mod(P).equals(a.mod(P))) {
            return candidate;
        }
        candidate = candidate.multiply(BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P)).mod(P);
        return candidate.pow(2).mod(P).equals(a.mod(P)) ? candidate : null;
    }

    private static BigInteger[] add(BigInteger[] a, BigInteger[] b) {
        BigInteger t = D.multiply(a[0]).multiply(b[0]).multiply(a[1]).multiply(b[1]).mod(P);
        BigInteger x = a[0].multiply(b[1]).add(a[1].multiply(b[0])).multiply(BigInteger.ONE.add(t).modInverse(P)).mod(P);
        BigInteger y = a[1].multiply(b[1]).add(a[0].multiply(b[0])).multiply(BigInteger.ONE.subtract(t).mod(P).modInverse(P)).mod(P);
        return new BigInteger[] {x, y};
    }

    private static byte[] encode(BigInteger y, boolean xOdd) {
        byte[] bigEndian = y.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < bigEndian.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (xOdd) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    @Test
    void smallOrderListWhenDerivedFromTheCurveThenTheSameFiveYCoordinates() {
        BigInteger i = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
        List<BigInteger[]> points = new ArrayList<>(List.of(new BigInteger[] {BigInteger.ZERO, BigInteger.ONE},
                new BigInteger[] {BigInteger.ZERO, P.subtract(BigInteger.ONE)}, new BigInteger[] {i, BigInteger.ZERO}));
        // Order 8: doubling gives y = 0, so y² = -x², and then x² = (1 ± sqrt(1 + d)) / d.
        for (int sign : new int[] {1, -1}) {
            BigInteger root = sqrt(BigInteger.ONE.add(D));
            BigInteger x2 = BigInteger.ONE.add(root.multiply(BigInteger.valueOf(sign))).multiply(D.modInverse(P)).mod(P);
            BigInteger x = sqrt(x2);
            BigInteger y = x == null ? null : sqrt(x2.negate().mod(P));
            if (y != null) {
                points.add(new BigInteger[] {x, y});
                points.add(new BigInteger[] {x, P.subtract(y)});
            }
        }
        Set<String> ys = new HashSet<>();
        for (BigInteger[] point : points) {
            BigInteger[] multiple = point;
            for (int doubling = 0; doubling < 3; doubling++) {
                multiple = add(multiple, multiple);
            }
            assertEquals(BigInteger.ONE, multiple[1], "[8]P is the identity");
            ys.add(HexFormat.of().formatHex(encode(point[1], false)));
        }
        assertEquals(EdKeys.SMALL_ORDER_Y, ys);
    }

    @Test
    void importWhenSmallOrderOrNonCanonicalOrWrongLengthThenRefused() {
        for (String y : EdKeys.SMALL_ORDER_Y) {
            byte[] even = HexFormat.of().parseHex(y);
            byte[] odd = even.clone();
            odd[31] |= (byte) 0x80;
            assertTrue(message(() -> Keys.parse(jwk(even), JwsAlgorithm.EdDSA)).contains("small order"));
            assertTrue(message(() -> Keys.parse(jwk(odd), null)).contains("small order"));
        }
        // y = p and y = 2^255 - 1 are not canonical encodings of anything.
        assertTrue(message(() -> Keys.parse(jwk(encode(P, false)), null)).contains("not a canonical encoding"));
        assertTrue(message(() -> Keys.parse(jwk(encode(BigInteger.TWO.pow(255).subtract(BigInteger.ONE), false)), null))
                .contains("not a canonical encoding"));
        assertTrue(message(() -> Keys.parse(jwk(new byte[31]), null)).contains("exactly 32 bytes"));
        assertTrue(message(() -> Keys.parse("{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"" + Base64Url.encode(new byte[57]) + "\"}", null))
                .contains("Ed448 is not supported"));
        KeyMaterial good = Keys.generate(JwsAlgorithm.EdDSA, null);
        String publicJwk = Keys.publicJwks(List.of(good));
        assertTrue(message(() -> Keys.parse(publicJwk, JwsAlgorithm.ES256)).contains("no key can serve ES256"));
    }

    @Test
    void jwkWhenExportedAndReadBackThenTheSameKeyThatSignsAndVerifies() {
        KeyMaterial generated = Keys.generate(JwsAlgorithm.EdDSA, "k1");
        KeyMaterial reread = Keys.parse(Keys.privateJwk(generated), JwsAlgorithm.EdDSA).get(0);
        assertEquals("k1", reread.keyId());
        assertArrayEquals(generated.publicKey().getEncoded(), reread.publicKey().getEncoded());
        byte[] signature = reread.sign(new SigningInput("e30".getBytes(StandardCharsets.US_ASCII), "e30".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(generated.verifies(new SignedParts("e30", "e30", Base64Url.encode(signature))));
        // A d that does not belong to x is caught at import.
        String mismatched = Keys.privateJwk(generated).replace(Base64Url.encode(EdKeys.raw(generated.publicKey())),
                Base64Url.encode(EdKeys.raw(Keys.generate(JwsAlgorithm.EdDSA, null).publicKey())));
        assertTrue(message(() -> Keys.parse(mismatched, null)).contains("does not belong"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void pemWhenPkcs8AndSpkiThenReadAndX25519Refused() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String both = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        KeyMaterial key = Keys.parse(both, JwsAlgorithm.EdDSA).get(0);
        assertEquals(JwsAlgorithm.EdDSA, key.algorithm());
        assertTrue(key.canSign());
        KeyMaterial publicOnly = Keys.parse(pem("PUBLIC KEY", pair.getPublic().getEncoded()), null).get(0);
        assertEquals(JwsAlgorithm.EdDSA, publicOnly.algorithm());
        assertTrue(message(() -> Keys.parse(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), null)).contains("openssl pkey"));
        assertTrue(message(() -> Keys.parse(pem("PUBLIC KEY", pair.getPublic().getEncoded()), JwsAlgorithm.RS256)).contains("for EdDSA"));
        KeyPair x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        assertTrue(message(() -> Keys.parse(pem("PUBLIC KEY", x25519.getPublic().getEncoded()), null)).contains("key agreement"));
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        String ed448Refused = message(() -> Keys.parse(pem("PUBLIC KEY", ed448.getPublic().getEncoded()), null));
        assertTrue(ed448Refused.contains("Ed448"), ed448Refused);
    }
}
