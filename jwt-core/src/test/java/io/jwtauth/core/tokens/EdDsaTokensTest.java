package io.jwtauth.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.testing.TestVectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EdDSA tokens through the same strict path as every other algorithm. */
class EdDsaTokensTest {
    private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
    private final KeyMaterial key = Keys.generate(JwsAlgorithm.EdDSA, "ed-1");
    private final TokenVerifier verifier = TokenVerifier.builder(KeyRing.of(key)).issuer("iss").build();

    private String token() {
        Instant now = Instant.now();
        return new TokenIssuer(key, "iss", null).issue("42", "alice", "sid", List.of("R"), now, now.plus(Duration.ofMinutes(5))).token();
    }

    private void assertRefused(String token) {
        assertEquals(AuthError.BAD_JWT, assertThrows(AuthException.class, () -> verifier.verify(token)).error());
    }

    @Test
    void verifyWhenIssuedWithEdDsaThenClaimsReadBackAndHeaderNamesIt() {
        String token = token();
        assertEquals("42", verifier.verify(token).subject());
        String header = new String(Base64Url.decodeStrict(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertEquals("{\"typ\":\"at+jwt\",\"alg\":\"EdDSA\",\"kid\":\"ed-1\"}", header);
        assertEquals(86, token.split("\\.")[2].length(), "64 bytes of signature");
    }

    @Test
    void verifyWhenSignatureMalleatedOrTruncatedOrOtherAlgThenRefused() {
        String[] parts = token().split("\\.");
        byte[] signature = Base64Url.decodeStrict(parts[2]);
        // S + L: the same signature in its second, non-canonical form (RFC 8032 §5.1.7 refuses it).
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) {
            s[i] = signature[63 - i];
        }
        byte[] plusL = new BigInteger(1, s).add(L).toByteArray();
        byte[] malleated = signature.clone();
        for (int i = 0; i < 32; i++) {
            malleated[32 + i] = i < plusL.length ? plusL[plusL.length - 1 - i] : 0;
        }
        assertRefused(parts[0] + "." + parts[1] + "." + Base64Url.encode(malleated));
        assertRefused(parts[0] + "." + parts[1] + "." + Base64Url.encode(java.util.Arrays.copyOf(signature, 63)));
        assertRefused(parts[0] + "." + parts[1] + "." + Base64Url.encode(java.util.Arrays.copyOf(signature, 65)));
        for (String alg : List.of("ES256", "HS256", "none", "EDDSA", "Ed25519")) {
            String header = Base64Url.encode(("{\"typ\":\"JWT\",\"alg\":\"" + alg + "\",\"kid\":\"ed-1\"}").getBytes(StandardCharsets.UTF_8));
            assertRefused(header + "." + parts[1] + "." + parts[2]);
        }
    }

    @Test
    void rfc8037WhenA4ThenSignatureVerifiesAtTheJwsLayerButItIsNotAToken() {
        JsonNode rfc = TestVectors.json("rfc8037-appendix-a/rfc8037_appendix_a.json");
        KeyMaterial publicKey = Keys.parse(rfc.get("A.2_public_key").toString(), JwsAlgorithm.EdDSA).get(0);
        TokenVerifier rfcVerifier = TokenVerifier.builder(KeyRing.forVerification(List.of(publicKey))).build();
        String jws = rfc.get("A.4_jws").asText();
        TokenVerifier.Signed signed = rfcVerifier.verifySignature(jws);
        assertEquals(publicKey, signed.key());
        AuthException refused = assertThrows(AuthException.class, () -> rfcVerifier.verify(jws));
        assertEquals(AuthError.BAD_JWT, refused.error());
        assertTrue(refused.getMessage().contains("payload is not JSON"), refused.getMessage());
    }
}
