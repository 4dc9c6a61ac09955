package io.jwtauth.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.testing.TestVectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void generateWhenExportedAndReimportedThenSameKeySignsAndVerifies(JwsAlgorithm algorithm) throws Exception {
        KeyMaterial generated = Keys.generate(algorithm, "k1");
        KeyMaterial reimported = Keys.parse(Keys.privateJwk(generated), algorithm).get(0);
        assertEquals(algorithm, reimported.algorithm());
        assertEquals("k1", reimported.keyId());
        assertTrue(reimported.canSign());
        byte[] signature = generated.jwtAlgorithm().sign("e30".getBytes(), "e30".getBytes());
        reimported.jwtAlgorithm().verify(new io.jwtauth.core.internal.SignedParts("e30", "e30",
                io.jwtauth.core.internal.Base64Url.encode(signature)));
    }

    @ParameterizedTest
    @EnumSource(JwsAlgorithm.class)
    void publicJwksWhenExportedThenHasNoPrivateOrSymmetricMembers(JwsAlgorithm algorithm) throws Exception {
        KeyMaterial key = Keys.generate(algorithm, "k1");
        JsonNode jwks = JSON.readTree(Keys.publicJwks(List.of(key)));
        if (algorithm.isSymmetric()) {
            assertEquals(0, jwks.get("keys").size(), "a secret must never be published");
            return;
        }
        JsonNode jwk = jwks.get("keys").get(0);
        for (String member : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
            assertFalse(jwk.has(member), member);
        }
        assertEquals(algorithm.name(), jwk.get("alg").asText());
        assertEquals("sig", jwk.get("use").asText());
        KeyMaterial publicOnly = Keys.parse(jwk.toString(), null).get(0);
        assertFalse(publicOnly.canSign());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31})
    void secretWhenShorterThanHashThenRefused(int length) {
        KeyImportException refused = assertThrows(KeyImportException.class, () -> Keys.secret(new byte[length], JwsAlgorithm.HS256, null));
        assertTrue(refused.getMessage().contains("at least 32 bytes"), refused.getMessage());
        assertNotNull(Keys.secret(new byte[32], JwsAlgorithm.HS256, null));
        assertThrows(KeyImportException.class, () -> Keys.secret(new byte[63], JwsAlgorithm.HS512, null));
    }

    @Test
    void parseWhenJwksHasDuplicateKidThenRefused() {
        String key = Keys.privateJwk(Keys.generate(JwsAlgorithm.HS256, "same"));
        KeyImportException refused = assertThrows(KeyImportException.class, () -> Keys.parse("{\"keys\":[" + key + "," + key + "]}", null));
        assertTrue(refused.getMessage().contains("duplicate kid"));
    }

    @Test
    void parseWhenUseIsEncThenRefused() {
        String jwk = Keys.privateJwk(Keys.generate(JwsAlgorithm.ES256, "e")).replace("\"sig\"", "\"enc\"");
        assertThrows(KeyImportException.class, () -> Keys.parse(jwk, null));
    }

    @Test
    void parseWhenKeyAlgDiffersFromConfiguredThenRefused() {
        String jwk = Keys.privateJwk(Keys.generate(JwsAlgorithm.RS256, "r"));
        KeyImportException refused = assertThrows(KeyImportException.class, () -> Keys.parse(jwk, JwsAlgorithm.PS256));
        assertTrue(refused.getMessage().contains("RS256"));
    }

    @Test
    void parseWhenSigningKeyOpsForbidSignThenRingRefusesIt() {
        String jwk = Keys.privateJwk(Keys.generate(JwsAlgorithm.ES256, "e")).replace("\"use\" : \"sig\"", "\"key_ops\" : [\"verify\"]");
        KeyMaterial key = Keys.parse(jwk, null).get(0);
        assertFalse(key.canSign());
        assertThrows(KeyImportException.class, () -> KeyRing.of(key));
    }

    @Test
    void ringWhenTwoKeysWithoutKidThenRefused() {
        KeyMaterial first = Keys.generate(JwsAlgorithm.HS256, null);
        KeyMaterial second = Keys.generate(JwsAlgorithm.HS256, null);
        assertThrows(KeyImportException.class, () -> KeyRing.of(first, List.of(second)));
        KeyRing ring = KeyRing.of(first.withKeyId("a"), List.of(second.withKeyId("b")));
        assertEquals("b", ring.select("b").keyId());
        assertEquals(null, ring.select(null));
        assertEquals(null, ring.select("../../etc/passwd"));
    }

    @Test
    void pemWhenGolangJwtTestKeysThenImportedAndLegacyFormatsExplained() {
        KeyMaterial ec256 = Keys.read(TestVectors.path("golang-jwt/test/ec256-public.pem"), null).get(0);
        assertEquals(JwsAlgorithm.ES256, ec256.algorithm());
        assertEquals(JwsAlgorithm.ES512, Keys.read(TestVectors.path("golang-jwt/test/ec512-public.pem"), null).get(0).algorithm());
        KeyMaterial rsa = Keys.read(TestVectors.path("golang-jwt/test/sample_key.pub"), JwsAlgorithm.RS256).get(0);
        assertFalse(rsa.canSign());
        // ec256-private.pem is SEC1 ("EC PRIVATE KEY"): refused with the conversion command.
        KeyImportException refused = assertThrows(KeyImportException.class,
                () -> Keys.read(TestVectors.path("golang-jwt/test/ec256-private.pem"), null));
        assertTrue(refused.getMessage().contains("openssl"), refused.getMessage());
    }

    @Test
    void pemWhenPkcs8PrivateKeyWithPublicKeyThenSigns() {
        KeyMaterial generated = Keys.generate(JwsAlgorithm.ES384, null);
        String pem = pem("PRIVATE KEY", generated.privateKey().getEncoded()) + pem("PUBLIC KEY", generated.publicKey().getEncoded());
        KeyMaterial imported = Keys.parse(pem, null).get(0);
        assertEquals(JwsAlgorithm.ES384, imported.algorithm());
        assertTrue(imported.canSign());
        KeyImportException missingPublic = assertThrows(KeyImportException.class,
                () -> Keys.parse(pem("PRIVATE KEY", generated.privateKey().getEncoded()), null));
        assertTrue(missingPublic.getMessage().contains("public key"));
        KeyMaterial rsa = Keys.generate(JwsAlgorithm.PS256, null);
        assertTrue(Keys.parse(pem("PRIVATE KEY", rsa.privateKey().getEncoded()), JwsAlgorithm.PS256).get(0).canSign());
    }

    @Test
    void pemWhenPrivateAndPublicKeysDoNotMatchThenRefused() {
        KeyMaterial one = Keys.generate(JwsAlgorithm.RS256, null);
        KeyMaterial other = Keys.generate(JwsAlgorithm.RS256, null);
        String pem = pem("PRIVATE KEY", one.privateKey().getEncoded()) + pem("PUBLIC KEY", other.publicKey().getEncoded());
        assertThrows(KeyImportException.class, () -> Keys.parse(pem, null));
    }

    @Test
    void ecdhWebcryptoPublicKeysWhenImportedThenInvalidOnesRefusedValidOnesAccepted() {
        List<String> mismatches = new ArrayList<>();
        int invalid = 0;
        // Each file's private key fixes the curve, as a configured algorithm does for us.
        java.util.Map<String, JwsAlgorithm> algorithms = java.util.Map.of(
                "secp256r1", JwsAlgorithm.ES256, "secp384r1", JwsAlgorithm.ES384, "secp521r1", JwsAlgorithm.ES512);
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            JsonNode file = TestVectors.json("wycheproof/testvectors_v1/ecdh_" + curve + "_webcrypto_test.json");
            for (JsonNode group : file.get("testGroups")) {
                for (JsonNode test : group.get("tests")) {
                    boolean valid = "valid".equals(test.get("result").asText());
                    boolean imported;
                    try {
                        Keys.parse(test.get("public").toString(), algorithms.get(curve));
                        imported = true;
                    } catch (KeyImportException e) {
                        imported = false;
                    }
                    if (!valid) {
                        invalid++;
                    }
                    // "acceptable" cases may go either way; valid and invalid must match.
                    if ((valid && !imported) || ("invalid".equals(test.get("result").asText()) && imported)) {
                        mismatches.add(curve + " tcId " + test.get("tcId").asInt() + " " + test.get("flags"));
                    }
                }
            }
        }
        assertEquals(List.of(), mismatches);
        assertTrue(invalid > 20, "invalid cases seen: " + invalid);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
