package io.jwtauth.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.SignedParts;
import io.jwtauth.core.testing.TestVectors;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** EdDSA against third-party vectors: every Wycheproof Ed25519 case, and RFC 8037's examples. */
class EdDsaVectorsTest {
    @Test
    void wycheproofWhenEveryCaseCheckedThenEachBehavesAsTheFileSays() {
        JsonNode file = TestVectors.json("wycheproof/testvectors_v1/ed25519_test.json");
        Map<String, Integer> byResult = new TreeMap<>();
        int cases = 0;
        for (JsonNode group : file.get("testGroups")) {
            // The key as the file gives it, as a JWK, through the same import as any configured key.
            List<KeyMaterial> imported = Keys.parse(group.get("publicKeyJwk").toString(), JwsAlgorithm.EdDSA);
            KeyMaterial key = imported.get(0);
            assertEquals(JwsAlgorithm.EdDSA, key.algorithm());
            for (JsonNode test : group.get("tests")) {
                byte[] message = HexFormat.of().parseHex(test.get("msg").asText());
                byte[] signature = HexFormat.of().parseHex(test.get("sig").asText());
                boolean expected = "valid".equals(test.get("result").asText());
                assertEquals(expected, EdDsaAlgorithm.verifies(key.publicKey(), message, signature),
                        "tcId " + test.get("tcId") + " " + test.get("flags") + " " + test.get("comment"));
                byResult.merge(test.get("result").asText(), 1, Integer::sum);
                cases++;
            }
        }
        assertEquals(file.get("numberOfTests").asInt(), cases);
        System.out.println("[ed25519] " + cases + " Wycheproof cases as expected: " + byResult);
    }

    @Test
    void rfc8037WhenA4VerifiedThenValidJwsButNotATokenAndA5X25519Refused() {
        JsonNode rfc = TestVectors.json("rfc8037-appendix-a/rfc8037_appendix_a.json");
        KeyMaterial privateKey = Keys.parse(rfc.get("A.1_private_key").toString(), null).get(0);
        KeyMaterial publicKey = Keys.parse(rfc.get("A.2_public_key").toString(), null).get(0);
        assertTrue(privateKey.canSign());
        assertFalse(publicKey.canSign());
        assertEquals(JwsAlgorithm.EdDSA, publicKey.algorithm(), "inferred from kty OKP and crv Ed25519");
        String[] jws = rfc.get("A.4_jws").asText().split("\\.");
        assertEquals(rfc.get("A.4_payload").asText(), new String(Base64Url.decodeStrict(jws[1]), StandardCharsets.UTF_8));
        assertTrue(publicKey.verifies(new SignedParts(jws[0], jws[1], jws[2])));
        // Ed25519 is deterministic: signing A.4's input with A.1's key gives A.4's signature exactly.
        byte[] signature = privateKey.sign(new io.jwtauth.core.internal.SigningInput(jws[0].getBytes(StandardCharsets.US_ASCII),
                jws[1].getBytes(StandardCharsets.US_ASCII)));
        assertEquals(jws[2], Base64Url.encode(signature));
        assertFalse(publicKey.verifies(new SignedParts(jws[0], jws[1] + "Cg", jws[2])), "another payload");

        KeyImportException x25519 = assertThrows(KeyImportException.class, () -> Keys.parse(rfc.get("A.5_x25519_public_key").toString(), null));
        assertTrue(x25519.getMessage().contains("key-agreement"), x25519.getMessage());
        assertThrows(KeyImportException.class, () -> Keys.parse(rfc.get("A.5_x25519_public_key").toString(), JwsAlgorithm.EdDSA));
    }
}
