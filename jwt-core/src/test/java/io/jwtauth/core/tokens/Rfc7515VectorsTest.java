package io.jwtauth.core.tokens;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.testing.TestVectors;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** RFC 7515 Appendix A: A.1–A.3 verify under a clock before their 2011 expiry; A.5 ({@code alg: none}) never does. */
class Rfc7515VectorsTest {
    private static final Instant EXPIRY = Instant.ofEpochSecond(1300819380L);
    private static final Clock BEFORE_EXPIRY = Clock.fixed(EXPIRY.minusSeconds(60), ZoneOffset.UTC);

    private static JsonNode vector(String id) {
        for (JsonNode vector : TestVectors.json("rfc7515-appendix-a/rfc7515_appendix_a.json").get("vectors")) {
            if (vector.get("id").asText().equals(id)) {
                return vector;
            }
        }
        throw new IllegalStateException("no vector " + id);
    }

    /** A verifier pinned to the vector's key and algorithm. */
    private static TokenVerifier verifierFor(JsonNode vector, Clock clock) {
        JwsAlgorithm algorithm = JwsAlgorithm.fromName(vector.get("alg").asText()).orElseThrow();
        return TokenVerifier.builder(KeyRing.of(Keys.parse(vector.get("jwk_private").toString(), algorithm).get(0)))
                .clock(clock).build();
    }

    private static VerifiedToken verify(String id) {
        JsonNode vector = vector(id);
        return verifierFor(vector, BEFORE_EXPIRY).verify(vector.get("compact").asText());
    }

    @Test
    void verifyWhenA1HmacThenAccepted() {
        VerifiedToken token = verify("rfc7515-A1");
        assertEquals("joe", token.issuer());
        assertEquals(EXPIRY, token.expiresAt());
        assertEquals(Boolean.TRUE, token.claims().get("http://example.com/is_root"));
    }

    @Test
    void verifyWhenA2RsaThenAccepted() {
        assertEquals("joe", verify("rfc7515-A2").issuer());
    }

    @Test
    void verifyWhenA3EcdsaP256ThenAccepted() {
        assertEquals("joe", verify("rfc7515-A3").issuer());
    }

    @Test
    void verifyWhenA1AfterExpiryThenRefusedAsExpired() {
        JsonNode vector = vector("rfc7515-A1");
        TokenVerifier verifier = verifierFor(vector, Clock.fixed(EXPIRY.plusSeconds(31), ZoneOffset.UTC));
        assertEquals(AuthError.BAD_JWT, assertThrows(AuthException.class, () -> verifier.verify(vector.get("compact").asText())).error());
        assertDoesNotThrow(() -> verifier.verify(vector.get("compact").asText(), true));
    }

    @Test
    void verifyWhenA4PayloadIsNotClaimsThenSignatureOkButTokenRefused() {
        JsonNode vector = vector("rfc7515-A4");
        TokenVerifier verifier = verifierFor(vector, BEFORE_EXPIRY);
        String token = vector.get("compact").asText();
        assertDoesNotThrow(() -> verifier.verifySignature(token));
        assertEquals(AuthError.BAD_JWT, assertThrows(AuthException.class, () -> verifier.verify(token)).error());
    }

    @Test
    void verifyWhenA1TamperedThenRefused() {
        JsonNode vector = vector("rfc7515-A1");
        String token = vector.get("compact").asText();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("Xk") ? "Xg" : "Xk");
        assertThrows(AuthException.class, () -> verifierFor(vector, BEFORE_EXPIRY).verify(tampered));
    }

    @Test
    void verifyWhenA5UnsecuredThenRefusedUnderEveryAlgorithm() {
        String token = vector("rfc7515-A5").get("compact").asText();
        for (JwsAlgorithm algorithm : JwsAlgorithm.values()) {
            TokenVerifier verifier = TokenVerifier.builder(KeyRing.of(Keys.generate(algorithm, null))).clock(BEFORE_EXPIRY).build();
            AuthException refused = assertThrows(AuthException.class, () -> verifier.verify(token), algorithm.name());
            assertEquals(AuthError.BAD_JWT, refused.error());
        }
    }
}
