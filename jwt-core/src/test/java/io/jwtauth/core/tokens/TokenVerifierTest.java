package io.jwtauth.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.testing.MutableClock;
import io.jwtauth.core.testing.TestVectors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final KeyMaterial secret = Keys.secret("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8), JwsAlgorithm.HS256, null);
    private final TokenIssuer issuer = new TokenIssuer(secret, "test-issuer", null);
    private final TokenVerifier verifier = TokenVerifier.builder(KeyRing.of(secret)).issuer("test-issuer").clock(clock).build();

    private String validToken() {
        Instant now = clock.instant();
        return issuer.issue("42", "alice", "sid-1", List.of("A", "B"), now, now.plus(Duration.ofMinutes(60))).token();
    }

    /** Signs arbitrary header and payload JSON with the test secret (HS256), as an attacker who knew it could. */
    private static String hs256(String headerJson, String payloadJson, byte[] key) throws Exception {
        String header = Base64Url.encode(headerJson.getBytes(StandardCharsets.UTF_8));
        String payload = Base64Url.encode(payloadJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return header + "." + payload + "." + Base64Url.encode(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
    }

    private String claims(String extra) {
        long now = clock.instant().getEpochSecond();
        return "{\"iss\":\"test-issuer\",\"sub\":\"42\",\"sid\":\"s\",\"jti\":\"j\",\"iat\":" + now + ",\"exp\":" + (now + 600) + extra + "}";
    }

    private void assertRefused(String token) {
        AuthException refused = assertThrows(AuthException.class, () -> verifier.verify(token));
        assertEquals(AuthError.BAD_JWT, refused.error());
    }

    @Test
    void verifyWhenIssuedByUsThenClaimsReadBack() {
        VerifiedToken token = verifier.verify(validToken());
        assertEquals("42", token.subject());
        assertEquals("alice", token.username());
        assertEquals("sid-1", token.sessionId());
        assertEquals(List.of("A", "B"), token.roles());
        assertEquals(clock.instant().plus(Duration.ofMinutes(60)), token.expiresAt());
    }

    @Test
    void verifyWhenHandSignedWithOurKeyThenAccepted() throws Exception {
        assertEquals("42", verifier.verify(hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims(""), "0123456789abcdef0123456789abcdef".getBytes())).subject());
    }

    // #33: explicit typing (RFC 9068, RFC 8725 §3.11): an access token's types pass, any other declared type is another kind of token.
    @ParameterizedTest
    @ValueSource(strings = {"\"at+jwt\"", "\"application/at+jwt\"", "\"JWT\"", "\"jwt\"", "\"AT+JWT\""})
    void verifyWhenTypIsAnAccessTokensThenAccepted(String typ) throws Exception {
        assertEquals("42", verifier.verify(hs256("{\"alg\":\"HS256\",\"typ\":" + typ + "}", claims(""),
                "0123456789abcdef0123456789abcdef".getBytes())).subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"dpop+jwt\"", "\"logout+jwt\"", "\"secevent+jwt\"", "\"JOSE\"", "\"id_token+jwt\"", "42", "null", "\"\""})
    void verifyWhenTypDeclaresAnotherKindOfTokenThenRefused(String typ) throws Exception {
        assertRefused(hs256("{\"alg\":\"HS256\",\"typ\":" + typ + "}", claims(""), "0123456789abcdef0123456789abcdef".getBytes()));
    }

    // #33: cnf.jkt is the DPoP binding; a binding jwtauth cannot check (an mTLS certificate's thumbprint) is refused.
    @Test
    void verifyWhenCnfThenTheJktIsReadAndAnyOtherBindingRefused() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        String jkt = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";
        assertEquals(jkt, verifier.verify(hs256("{\"alg\":\"HS256\"}", claims(",\"cnf\":{\"jkt\":\"" + jkt + "\"}"), key))
                .confirmationKey());
        assertEquals(null, verifier.verify(hs256("{\"alg\":\"HS256\"}", claims(""), key)).confirmationKey());
        assertRefused(hs256("{\"alg\":\"HS256\"}", claims(",\"cnf\":{\"x5t#S256\":\"" + jkt + "\"}"), key));
        assertRefused(hs256("{\"alg\":\"HS256\"}", claims(",\"cnf\":\"" + jkt + "\""), key));
        assertRefused(hs256("{\"alg\":\"HS256\"}", claims(",\"cnf\":{\"jkt\":42}"), key));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE", "NoNe", "HS256 ", "hs256", "RS256", "ES256", "PS256", ""})
    void verifyWhenAlgIsNotTheKeysThenRefused(String alg) throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        assertRefused(hs256("{\"alg\":\"" + alg + "\"}", claims(""), key));
        String unsigned = Base64Url.encode(("{\"alg\":\"" + alg + "\"}").getBytes()) + "." + Base64Url.encode(claims("").getBytes()) + ".";
        assertRefused(unsigned);
    }

    @Test
    void verifyWhenHs256KeyedWithRsaPublicKeyThenRefused() throws Exception {
        KeyMaterial rsa = Keys.generate(JwsAlgorithm.RS256, null);
        TokenVerifier rsaVerifier = TokenVerifier.builder(KeyRing.of(rsa)).clock(clock).build();
        // Algorithm confusion: HMAC keyed with every encoding of the public key an attacker could find.
        List<byte[]> encodings = List.of(rsa.publicKey().getEncoded(),
                ("-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(rsa.publicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n").getBytes(),
                Keys.publicJwks(List.of(rsa)).getBytes());
        for (byte[] encoding : encodings) {
            String forged = hs256("{\"alg\":\"HS256\"}", claims(""), encoding);
            assertEquals(AuthError.BAD_JWT, assertThrows(AuthException.class, () -> rsaVerifier.verify(forged)).error());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"jku\":\"https://evil.example/jwks.json\"", "\"x5u\":\"https://evil.example/cert.pem\"",
        "\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"}", "\"x5c\":[\"MIIB\"]", "\"crit\":[\"exp\"]", "\"b64\":false", "\"zip\":\"DEF\"",
        "\"kid\":\"../../../../dev/null\"", "\"kid\":\"' OR '1'='1\"", "\"kid\":42", "\"typ\":\"JWE\"", "\"alg\":\"HS256\""})
    void verifyWhenHeaderCarriesRefusedMemberThenRefused(String member) throws Exception {
        assertRefused(hs256("{\"alg\":\"HS256\"," + member + "}", claims(""), "0123456789abcdef0123456789abcdef".getBytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"exp\":\"1466270722\"", ",\"exp\":1e400", ",\"exp\":-1", ",\"nbf\":99999999999999999999",
        ",\"iat\":true", ",\"sub\":42", ",\"role\":[1,2]", ",\"role\":{\"a\":1}", ",\"iss\":\"someone-else\"", ",\"sid\":null"})
    void verifyWhenClaimIsDuplicatedOrMistypedThenRefused(String extra) throws Exception {
        // Each extra member either duplicates a claim (refused as ambiguous) or has the wrong type.
        assertRefused(hs256("{\"alg\":\"HS256\"}", claims(extra), "0123456789abcdef0123456789abcdef".getBytes()));
    }

    @Test
    void verifyWhenTimesAreOutsideTheWindowThenRefused() throws Exception {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
        long now = clock.instant().getEpochSecond();
        assertRefused(hs256("{\"alg\":\"HS256\"}", "{\"iss\":\"test-issuer\",\"exp\":" + (now - 31) + "}", key));
        assertRefused(hs256("{\"alg\":\"HS256\"}", "{\"iss\":\"test-issuer\",\"exp\":" + (now + 600) + ",\"nbf\":" + (now + 31) + "}", key));
        assertRefused(hs256("{\"alg\":\"HS256\"}", "{\"iss\":\"test-issuer\",\"exp\":" + (now + 600) + ",\"iat\":" + (now + 31) + "}", key));
        assertRefused(hs256("{\"alg\":\"HS256\"}", "{\"iss\":\"test-issuer\"}", key));
        // Within the 30 s skew: accepted.
        assertEquals(null, verifier.verify(hs256("{\"alg\":\"HS256\"}", "{\"iss\":\"test-issuer\",\"exp\":" + (now - 29) + "}", key)).subject());
    }

    @Test
    void verifyWhenStructureIsBrokenThenRefused() {
        String token = validToken();
        String[] parts = token.split("\\.");
        for (String broken : List.of("", ".", "..", "a.b", token + ".", token + "=", parts[0] + "=." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "./" + parts[2].substring(1), " " + token, token.replace('.', ','),
                parts[0] + "." + parts[1] + "." + parts[2] + "A", "x".repeat(10_000), "a.b.c.d.e")) {
            assertRefused(broken);
        }
    }

    @Test
    void verifyWhenDeeplyNestedHeaderThenRefusedWithoutStackOverflow() throws Exception {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        assertRefused(hs256("{\"alg\":\"HS256\",\"x\":" + nested + "}", claims(""), "0123456789abcdef0123456789abcdef".getBytes()));
        assertRefused(hs256("{\"alg\":\"HS256\"}", claims(",\"x\":" + nested), "0123456789abcdef0123456789abcdef".getBytes()));
    }

    @Test
    void verifyWhenThirdPartyAttackTokensThenAllRefused() {
        JsonNode tokens = TestVectors.json("attacks/third_party_tokens.json").get("tokens");
        List<TokenVerifier> everyAlgorithm = java.util.Arrays.stream(JwsAlgorithm.values())
                .map(algorithm -> TokenVerifier.builder(KeyRing.of(Keys.generate(algorithm, null))).clock(clock).build())
                .toList();
        int tried = 0;
        for (JsonNode entry : tokens) {
            String token = entry.get("token").asText();
            assertRefused(token);
            for (TokenVerifier other : everyAlgorithm) {
                assertEquals(AuthError.BAD_JWT, assertThrows(AuthException.class, () -> other.verify(token)).error(), entry.get("id").asText());
            }
            tried++;
        }
        assertEquals(tokens.size(), tried);
    }

    @Test
    void verifyWhenWeakSecretTokensThenRefusedEvenWithThatSecret() {
        for (JsonNode entry : TestVectors.json("attacks/third_party_tokens.json").get("tokens")) {
            if (entry.has("hmac_secret_utf8")) {
                byte[] weak = entry.get("hmac_secret_utf8").asText().getBytes(StandardCharsets.UTF_8);
                // A key that short cannot even be configured.
                assertThrows(io.jwtauth.core.keys.KeyImportException.class, () -> Keys.secret(weak, JwsAlgorithm.HS256, null));
            }
        }
    }

    @Test
    void verifyWhenSignatureFlippedAnywhereThenRefused() {
        String token = validToken();
        int signatureStart = token.lastIndexOf('.') + 1;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                continue;
            }
            char replacement = token.charAt(i) == 'A' ? 'B' : 'A';
            String mutated = token.substring(0, i) + replacement + token.substring(i + 1);
            if (i < signatureStart || !mutated.equals(token)) {
                assertRefused(mutated);
            }
        }
    }
}
