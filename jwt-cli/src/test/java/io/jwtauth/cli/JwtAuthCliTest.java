package io.jwtauth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.testing.TestVectors;
import io.jwtauth.core.tokens.TokenIssuer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtAuthCliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = JwtAuthCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void keygenWhenEveryAlgorithmThenPrivateJwkThatReimports() {
        for (JwsAlgorithm algorithm : List.of(JwsAlgorithm.HS256, JwsAlgorithm.RS256, JwsAlgorithm.PS384, JwsAlgorithm.ES256, JwsAlgorithm.ES512,
                JwsAlgorithm.EdDSA)) {
            Result result = run("keygen", "--alg", algorithm.name(), "--kid", "k-" + algorithm);
            assertEquals(0, result.code(), result.err());
            KeyMaterial key = Keys.parse(result.out(), algorithm).get(0);
            assertTrue(key.canSign());
            assertEquals("k-" + algorithm, key.keyId());
        }
    }

    @Test
    void keygenWhenUnknownAlgorithmOrNoneThenUsageError() {
        assertEquals(2, run("keygen", "--alg", "none").code());
        assertEquals(2, run("keygen", "--alg", "RS256", "--secret").code());
        assertEquals(2, run("keygen").code());
    }

    @Test
    void jwksWhenPrivateKeyFileThenOnlyPublicMembers(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("key.jwk");
        Files.writeString(file, run("keygen", "--alg", "RS256", "--kid", "r1").out());
        Result result = run("jwks", "--key", file.toString());
        assertEquals(0, result.code(), result.err());
        for (String member : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "\"k\"")) {
            assertFalse(result.out().contains(member), member);
        }
        assertTrue(result.out().contains("\"kid\" : \"r1\""));
        Path secret = directory.resolve("secret.jwk");
        Files.writeString(secret, run("keygen", "--alg", "HS256").out());
        assertEquals(2, run("jwks", "--key", secret.toString()).code(), "secrets are never published");
    }

    @Test
    void jwksWhenPemPublicKeyThenConverted() {
        Result result = run("jwks", "--key", TestVectors.path("golang-jwt/test/ec384-public.pem").toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("\"crv\" : \"P-384\""));
    }

    @Test
    void verifyWhenTokenFromKeygenKeyThenClaimsAndWhenTamperedThenRejected(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("key.jwk");
        Files.writeString(file, run("keygen", "--alg", "ES256", "--kid", "e1").out());
        KeyMaterial key = Keys.read(file, JwsAlgorithm.ES256).get(0);
        Instant now = Instant.now();
        String token = new TokenIssuer(key, "cli-test", null).issue("7", "zoe", "sid", List.of("R"), now, now.plusSeconds(600)).token();

        Result valid = run("verify", "--alg", "ES256", "--jwk", file.toString(), "--iss", "cli-test", token);
        assertEquals(0, valid.code(), valid.err());
        assertTrue(valid.out().contains("\"preferred_username\" : \"zoe\""));

        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + (token.endsWith("A") ? token.substring(token.lastIndexOf('.') + 1).replaceFirst(".$", "B")
                : token.substring(token.lastIndexOf('.') + 1).replaceFirst(".$", "A"));
        Result rejected = run("verify", "--alg", "ES256", "--jwk", file.toString(), tampered);
        assertEquals(1, rejected.code());
        assertTrue(rejected.err().startsWith("rejected:"), rejected.err());

        assertEquals(1, run("verify", "--alg", "ES256", "--jwk", file.toString(), "--iss", "other", token).code());
        assertEquals(1, run("verify", "--alg", "ES256", "--jwk", file.toString(), "--now", "" + (now.getEpochSecond() + 3600), token).code());
        assertEquals(0, run("verify", "--alg", "ES256", "--jwk", file.toString(), "--now", "" + (now.getEpochSecond() + 601), "--leeway", "60", token).code());
        assertEquals(2, run("verify", "--alg", "RS256", "--jwk", file.toString(), token).code(), "key is for ES256");
    }

    @Test
    void eddsaWhenKeygenJwksDecodeAndVerifyWithJwkJwksAndPemThenEachWorks(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("ed.jwk");
        Files.writeString(file, run("keygen", "--alg", "EdDSA", "--kid", "ed1").out());
        KeyMaterial key = Keys.read(file, JwsAlgorithm.EdDSA).get(0);
        Instant now = Instant.now();
        String token = new TokenIssuer(key, "cli-test", null).issue("7", "erin", "s", List.of("R"), now, now.plusSeconds(600)).token();

        Result jwks = run("jwks", "--key", file.toString());
        assertEquals(0, jwks.code(), jwks.err());
        assertTrue(jwks.out().contains("\"kty\" : \"OKP\"") && jwks.out().contains("\"crv\" : \"Ed25519\""), jwks.out());
        assertFalse(jwks.out().contains("\"d\""), "never the private part");
        Path publicJwks = directory.resolve("ed.jwks");
        Files.writeString(publicJwks, jwks.out());
        Path pem = directory.resolve("ed.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getEncoder().encodeToString(key.publicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        assertTrue(run("decode", token).out().contains("\"alg\" : \"EdDSA\""));
        // A PEM names no kid, so it verifies the tokens of a key without one (a token naming a kid needs the JWK).
        String withoutKid = new TokenIssuer(key.withKeyId(null), "cli-test", null).issue("7", "erin", "s", List.of("R"), now,
                now.plusSeconds(600)).token();
        for (String[] source : List.of(new String[] {"--jwk", file.toString(), token}, new String[] {"--jwks", publicJwks.toString(), token},
                new String[] {"--pem", pem.toString(), withoutKid})) {
            Result valid = run("verify", "--alg", "EdDSA", source[0], source[1], "--iss", "cli-test", source[2]);
            assertEquals(0, valid.code(), source[0] + ": " + valid.err());
            assertTrue(valid.out().contains("\"sub\" : \"7\""), valid.out());
        }
        String tampered = token.substring(0, token.length() - 3) + (token.endsWith("AAA") ? "BAA" : "AAA");
        assertEquals(1, run("verify", "--alg", "EdDSA", "--jwk", file.toString(), tampered).code());
        assertEquals(2, run("verify", "--alg", "ES256", "--jwk", file.toString(), token).code(), "key is for EdDSA");
    }

    @Test
    void verifyWhenRfc7515A1ThenAcceptedAsOfItsTime(@TempDir Path directory) throws Exception {
        com.fasterxml.jackson.databind.JsonNode a1 = TestVectors.json("rfc7515-appendix-a/rfc7515_appendix_a.json").get("vectors").get(0);
        Path file = directory.resolve("a1.jwk");
        Files.writeString(file, a1.get("jwk_private").toString());
        String token = a1.get("compact").asText();
        assertEquals(0, run("verify", "--alg", "HS256", "--jwk", file.toString(), "--now", "1300819300", token).code());
        assertEquals(1, run("verify", "--alg", "HS256", "--jwk", file.toString(), token).code(), "expired in 2011");
    }

    @Test
    void decodeWhenTokenThenUnverifiedHeaderAndClaims() {
        Result result = run("decode", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        assertEquals(0, result.code());
        assertTrue(result.out().startsWith("UNVERIFIED"));
        assertTrue(result.out().contains("\"sub\" : \"x\""));
        assertEquals(1, run("decode", "not-a-token").code());
    }

    @Test
    void verifyWhenWeakSecretThenUsageError() {
        assertEquals(2, run("verify", "--alg", "HS256", "--secret", "secret", "a.b.c").code());
    }

    // Issue 12, item 13: a single key with a kid refused a token without kid ("no kid and more than one key").
    @Test
    void verifyWhenOneKeyHasAKidAndTheTokenHasNoneThenThatKeyIsUsed(@TempDir Path directory) throws Exception {
        KeyMaterial signer = Keys.generate(JwsAlgorithm.RS256, null);
        Instant now = Instant.now();
        String token = new TokenIssuer(signer, "cli-test", null).issue("7", "zoe", "sid", List.of(), now, now.plusSeconds(600)).token();
        Path file = directory.resolve("key.jwk");
        Files.writeString(file, Keys.privateJwk(signer.withKeyId("only-key")));
        Result result = run("verify", "--alg", "RS256", "--jwk", file.toString(), token);
        assertEquals(0, result.code(), result.err());
    }

    // Issue 12, item 13: a JWKS with RSA and EC keys (as identity providers publish) was refused whole.
    @Test
    void verifyWhenJwksHoldsSeveralKeyTypesThenUnusableKeysAreSkippedAndKidSelects(@TempDir Path directory) throws Exception {
        KeyMaterial rsa = Keys.generate(JwsAlgorithm.RS256, "rsa-1");
        KeyMaterial otherRsa = Keys.generate(JwsAlgorithm.RS256, "rsa-2");
        KeyMaterial ec = Keys.generate(JwsAlgorithm.ES256, "ec-1");
        Path jwks = directory.resolve("provider.jwks");
        Files.writeString(jwks, Keys.publicJwks(List.of(ec, rsa, otherRsa)));
        Instant now = Instant.now();
        String token = new TokenIssuer(otherRsa, "cli-test", null).issue("7", "zoe", "sid", List.of(), now, now.plusSeconds(600)).token();
        Result result = run("verify", "--alg", "RS256", "--jwks", jwks.toString(), token);
        assertEquals(0, result.code(), result.err());
        String ecToken = new TokenIssuer(ec, "cli-test", null).issue("7", "zoe", "sid", List.of(), now, now.plusSeconds(600)).token();
        assertEquals(0, run("verify", "--alg", "ES256", "--jwks", jwks.toString(), ecToken).code(), "the EC key serves ES256");
        assertEquals(1, run("verify", "--alg", "RS256", "--jwks", jwks.toString(), ecToken).code(), "alg stays pinned");

        Path onlyEc = directory.resolve("ec.jwks");
        Files.writeString(onlyEc, Keys.publicJwks(List.of(ec)));
        Result none = run("verify", "--alg", "RS256", "--jwks", onlyEc.toString(), token);
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no key can serve RS256") && none.err().contains("EC key"), none.err());
    }
}
