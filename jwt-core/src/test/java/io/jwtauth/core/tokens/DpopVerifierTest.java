package io.jwtauth.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.ProofKeys;
import io.jwtauth.core.testing.DpopProofs;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9449 §4.3, one check at a time: each test takes a valid proof and breaks exactly one thing about it, and the
 * proof is refused with {@code bad-dpop}; the valid proofs of every accepted algorithm pass.
 */
class DpopVerifierTest {
    private static final String URL = "https://api.example.com/orders";
    private static final String TOKEN = "header.payload.signature";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final DpopVerifier verifier = new DpopVerifier(Duration.ofSeconds(60), Duration.ofSeconds(5), clock, 10_000);
    private final DpopProofs client = new DpopProofs(JwsAlgorithm.ES256);

    private DpopVerifier.Proof verify(String proof) {
        return verifier.verify(proof, "POST", URL, TOKEN, true);
    }

    private String proof(Map<String, Object> header, Map<String, Object> claims) {
        return client.proof("POST", URL, clock.instant(), TOKEN, header, claims);
    }

    private static Map<String, Object> with(String name, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(name, value);
        return map;
    }

    private void assertRefused(String proof, String because) {
        AuthException refused = assertThrows(AuthException.class, () -> verify(proof), because);
        assertEquals(AuthError.BAD_DPOP, refused.error(), refused.getMessage());
        assertTrue(refused.getMessage().contains(because), "refused for '" + refused.getMessage() + "', expected '" + because + "'");
    }

    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = {"ES256", "PS256", "RS256", "EdDSA"})
    void proofWhenValidThenAcceptedWithTheKeysThumbprint(JwsAlgorithm algorithm) {
        DpopProofs other = new DpopProofs(algorithm);
        DpopVerifier.Proof proof = verifier.verify(other.proof("POST", URL, clock.instant(), TOKEN), "POST", URL, TOKEN, true);
        assertEquals(other.thumbprint(), proof.thumbprint());
        assertEquals(clock.instant(), proof.issuedAt());
    }

    // §4.3 check 1: exactly one proof (the filter turns a repeated header into an empty one).
    @Test
    void proofWhenMissingOrEmptyThenRefused() {
        assertRefused(null, "no DPoP proof");
        assertRefused("", "no DPoP proof");
    }

    // Check 2: a well-formed JWT.
    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b", "a.b.c.d", "a..c", ".b.c", "a.b.", "a+b.c.d", "eyJ=.eyJ.c"})
    void proofWhenNotAWellFormedJwtThenRefused(String proof) {
        assertThrows(AuthException.class, () -> verify(proof));
    }

    @Test
    void proofWhenOversizedThenRefused() {
        assertRefused("a".repeat(DpopVerifier.MAX_PROOF_LENGTH + 1), "longer than");
    }

    // Check 3: every required claim present.
    @ParameterizedTest
    @ValueSource(strings = {"jti", "htm", "htu", "iat"})
    void proofWhenARequiredClaimIsMissingThenRefused(String claim) {
        assertThrows(AuthException.class, () -> verify(proof(Map.of(), with(claim, null))), claim);
    }

    // Check 4: typ is dpop+jwt.
    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "DPoP+JWT", "application/dpop+jwt", ""})
    void proofWhenTypIsNotDpopJwtThenRefused(String typ) {
        assertRefused(proof(with("typ", typ), Map.of()), "typ is not dpop+jwt");
        assertRefused(proof(with("typ", null), Map.of()), "typ is not dpop+jwt");
    }

    // Check 5: alg asymmetric, supported, never none.
    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "HS256", "ES384", "RS512", "PS384", "ES256K", ""})
    void proofWhenAlgIsNotAnAcceptedAsymmetricOneThenRefused(String alg) {
        assertRefused(proof(with("alg", alg), Map.of()), "alg is not one of");
    }

    @Test
    void proofWhenAlgIsNoneWithoutASignatureThenRefused() {
        String unsigned = DpopProofs.encode(Map.of("typ", "dpop+jwt", "alg", "none", "jwk", client.jwk())) + "."
                + DpopProofs.encode(Map.of("jti", "x", "htm", "POST", "htu", URL, "iat", clock.instant().getEpochSecond())) + ".";
        assertThrows(AuthException.class, () -> verify(unsigned));
    }

    @Test
    void proofWhenAlgDoesNotFitTheJwkThenRefused() {
        // An EC key with an RSA algorithm: the key is not read for it.
        assertRefused(proof(with("alg", "PS256"), Map.of()), "jwk:");
    }

    // Check 6: the signature verifies with the jwk's key.
    @Test
    void proofWhenSignatureIsBrokenOrByAnotherKeyThenRefused() {
        String valid = proof(Map.of(), Map.of());
        String tampered = valid.substring(0, valid.lastIndexOf('.')) + "." + new StringBuilder(valid.substring(valid.lastIndexOf('.') + 1))
                .reverse();
        assertThrows(AuthException.class, () -> verify(tampered));
        // Signed by an attacker's key but naming the victim's jwk.
        DpopProofs attacker = new DpopProofs(JwsAlgorithm.ES256);
        String forged = attacker.sign(DpopProofs.encode(Map.of("typ", "dpop+jwt", "alg", "ES256", "jwk", client.jwk())),
                DpopProofs.encode(Map.of("jti", "forged", "htm", "POST", "htu", URL, "iat", clock.instant().getEpochSecond(),
                        "ath", DpopVerifier.accessTokenHash(TOKEN))));
        assertRefused(forged, "signature does not verify");
    }

    // Check 7: the jwk is a public key.
    @ParameterizedTest
    @ValueSource(strings = {"d", "k", "p"})
    void proofWhenJwkHoldsAPrivateMemberThenRefused(String member) {
        ObjectNode jwk = client.jwk();
        jwk.put(member, "AAAA");
        assertRefused(proof(with("jwk", jwk), Map.of()), "private or secret member");
    }

    @Test
    void proofWhenJwkIsMissingOrNotAKeyThenRefused() {
        assertRefused(proof(with("jwk", null), Map.of()), "jwk:");
        assertRefused(proof(with("jwk", "a string"), Map.of()), "jwk:");
        ObjectNode oct = StrictJson.MAPPER.createObjectNode().put("kty", "oct");
        assertRefused(proof(with("jwk", oct), Map.of()), "jwk:");
    }

    // Check 8: htm is the request's method.
    @ParameterizedTest
    @ValueSource(strings = {"GET", "post", "PUT", "POST "})
    void proofWhenHtmIsAnotherMethodThenRefused(String htm) {
        assertRefused(proof(Map.of(), with("htm", htm)), "htm is not");
    }

    // Check 9: htu is the request's URL, query and fragment ignored, syntax-normalised.
    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/orders?page=2", "https://API.example.com/orders", "HTTPS://api.example.com:443/orders",
        "https://api.example.com/x/../orders#top"})
    void proofWhenHtuIsTheSameUrlWrittenOtherwiseThenAccepted(String htu) {
        verify(proof(Map.of(), with("htu", htu)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com/orders/1", "http://api.example.com/orders", "https://evil.example/orders",
        "https://api.example.com:8443/orders", "/orders", "https://user@api.example.com/orders", "not a url", "ftp://api.example.com/orders"})
    void proofWhenHtuIsAnotherUrlThenRefused(String htu) {
        assertRefused(proof(Map.of(), with("htu", htu)), "htu is not");
    }

    // Check 11: iat within the window.
    @Test
    void proofWhenIatIsTooOldOrInTheFutureThenRefused() {
        Instant now = clock.instant();
        assertRefused(proof(Map.of(), with("iat", now.minusSeconds(61).getEpochSecond())), "older than");
        assertRefused(proof(Map.of(), with("iat", now.plusSeconds(6).getEpochSecond())), "in the future");
        assertRefused(proof(Map.of(), with("iat", "now")), "iat missing or not a NumericDate");
        verify(proof(Map.of(), with("iat", now.minusSeconds(59).getEpochSecond())));
        verify(proof(Map.of(), with("iat", now.plusSeconds(4).getEpochSecond())));
    }

    // Check 12: ath is the presented token's hash.
    @Test
    void proofWhenAthIsMissingOrForAnotherTokenThenRefused() {
        assertRefused(proof(Map.of(), with("ath", null)), "ath missing");
        assertRefused(proof(Map.of(), with("ath", DpopVerifier.accessTokenHash("another.access.token"))), "ath is not");
        assertRefused(proof(Map.of(), with("ath", 42)), "ath is not");
        // A renewal or logout need not carry ath; one that does must name the presented token.
        String withoutAth = proof(Map.of(), with("ath", null));
        verifier.verify(withoutAth, "POST", URL, TOKEN, false);
        AuthException wrong = assertThrows(AuthException.class, () -> verifier.verify(
                client.proof("POST", URL, clock.instant(), "another.access.token"), "POST", URL, TOKEN, false));
        assertEquals(AuthError.BAD_DPOP, wrong.error());
    }

    // §11.1: a proof is used once.
    @Test
    void proofWhenReplayedThenRefusedButTheSameJtiOfAnotherKeyIsNot() {
        String once = proof(Map.of(), with("jti", "one-time"));
        verify(once);
        assertRefused(once, "replayed");
        DpopProofs other = new DpopProofs(JwsAlgorithm.ES256);
        verifier.verify(other.proof("POST", URL, clock.instant(), TOKEN, Map.of(), with("jti", "one-time")), "POST", URL, TOKEN, true);
    }

    @Test
    void proofWhenJtiIsOversizedOrCritIsSetThenRefused() {
        assertRefused(proof(Map.of(), with("jti", "j".repeat(257))), "jti longer");
        assertRefused(proof(with("crit", java.util.List.of("exp")), Map.of()), "crit");
    }

    // RFC 7638 §3.1's own example.
    @Test
    void thumbprintOfTheRfc7638ExampleKey() throws Exception {
        String jwk = "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", ProofKeys.thumbprint(StrictJson.MAPPER.readTree(jwk)));
    }
}
