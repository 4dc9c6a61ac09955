package io.jwtauth.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyImportException;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.testing.TestVectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof's JWS and JWK vectors. Each case is checked at the JWS layer (key import + signature) against
 * the file's verdict, and every case must be refused by the full JWT verifier (the "valid" ones carry
 * non-JSON payloads) with {@code bad-jwt} and nothing else: no crash, no other exception.
 */
class WycheproofJwsTest {
    /** Upstream defects named in test-vectors/README.md. */
    private static final Set<Integer> DUPLICATES_OF_VALID_357 = Set.of(367, 370);
    private static final Set<Integer> VALID_DESPITE_QUESTION_MARK = Set.of(372, 373);
    /**
     * Deliberate deviation: RFC 7520 figure 20 is a PS384 token, but these vectors' key declares
     * {@code "alg":"PS256"}. The algorithm is pinned to the key, so the PS384 token is refused.
     */
    private static final Map<Integer, String> DEVIATIONS = Map.of(
            346, "key alg PS256 pins out the PS384 token",
            350, "key alg PS256 pins out the PS384 token");

    record Outcome(int checked, List<String> mismatches) {
    }

    @Test
    void jsonWebSignatureVectorsWhenVerifiedThenMatchTheFileAndNeverCrash() {
        Outcome outcome = run("wycheproof/testvectors_v1/json_web_signature_test.json", false);
        assertEquals(List.of(), outcome.mismatches());
        assertEquals(401 - DUPLICATES_OF_VALID_357.size(), outcome.checked());
    }

    @Test
    void jsonWebKeyVectorsWhenImportedAndVerifiedThenMatchTheFile() {
        Outcome outcome = run("wycheproof/testvectors_v1/json_web_key_test.json", true);
        assertEquals(List.of(), outcome.mismatches());
        assertTrue(outcome.checked() >= 20, "cases checked: " + outcome.checked());
    }

    private static Outcome run(String file, boolean keySets) {
        JsonNode root = TestVectors.json(file);
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode group : root.get("testGroups")) {
            JsonNode keyNode = group.has("public") ? group.get("public") : group.get("private");
            for (JsonNode test : group.get("tests")) {
                int id = test.get("tcId").asInt();
                if (!keySets && DUPLICATES_OF_VALID_357.contains(id)) {
                    continue;
                }
                checked++;
                String jws = test.get("jws").asText();
                boolean expectedValid = "valid".equals(test.get("result").asText())
                        && !(!keySets && (VALID_DESPITE_QUESTION_MARK.contains(id) || DEVIATIONS.containsKey(id)));
                boolean accepted;
                TokenVerifier verifier = null;
                try {
                    verifier = verifierFor(keyNode, jws);
                    verifier.verifySignature(jws);
                    accepted = true;
                } catch (KeyImportException | AuthException e) {
                    accepted = false;
                } catch (RuntimeException e) {
                    mismatches.add(id + ": crashed with " + e);
                    continue;
                }
                if (accepted != expectedValid) {
                    mismatches.add(id + " (" + test.get("comment").asText() + "): expected " + (expectedValid ? "valid" : "invalid"));
                }
                if (verifier != null) {
                    try {
                        verifier.verify(jws);
                        if (!looksLikeClaims(jws)) {
                            mismatches.add(id + ": full JWT verification accepted a non-claims payload");
                        }
                    } catch (AuthException e) {
                        if (e.error() != AuthError.BAD_JWT) {
                            mismatches.add(id + ": refused with " + e.error());
                        }
                    } catch (RuntimeException e) {
                        mismatches.add(id + ": full verification crashed with " + e);
                    }
                }
            }
        }
        return new Outcome(checked, mismatches);
    }

    /**
     * The key(s) as an operator would configure them: the key's own {@code alg} if it has one, otherwise
     * the algorithm the operator chose (taken here from the vector's header, standing in for configuration).
     */
    private static TokenVerifier verifierFor(JsonNode keyNode, String jws) {
        List<KeyMaterial> keys;
        try {
            keys = Keys.parse(keyNode.toString(), null);
        } catch (KeyImportException e) {
            if (!e.getMessage().contains("no alg")) {
                throw e;
            }
            keys = Keys.parse(keyNode.toString(), headerAlgorithm(jws));
        }
        return TokenVerifier.builder(KeyRing.forVerification(keys)).build();
    }

    private static JwsAlgorithm headerAlgorithm(String jws) {
        try {
            String header = new String(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.'))), StandardCharsets.UTF_8);
            JsonNode alg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(header).get("alg");
            return JwsAlgorithm.fromName(alg.asText()).orElseThrow(() -> new KeyImportException("header alg unsupported"));
        } catch (Exception e) {
            throw new KeyImportException("header unreadable");
        }
    }

    /** None of these vectors carries a claims set with an {@code exp}, so full verification must refuse all. */
    private static boolean looksLikeClaims(String jws) {
        return false;
    }
}
