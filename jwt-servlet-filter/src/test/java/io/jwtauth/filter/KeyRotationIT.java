package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Asymmetric keys end to end: the JWKS document, and rotation to a new key without logging anyone out. */
class KeyRotationIT {
    private static Map<String, String> settings(JwsAlgorithm algorithm, Path keyFile, String kid, Path verifyFile) {
        Map<String, String> settings = Fixtures.settings();
        settings.remove("jwtauth.key.secret");
        settings.put("jwtauth.key.alg", algorithm.name());
        settings.put("jwtauth.key.file", keyFile.toString());
        settings.put("jwtauth.key.kid", kid);
        if (verifyFile != null) {
            settings.put("jwtauth.key.verify-files", verifyFile.toString());
        }
        return settings;
    }

    /** The whole flow on each asymmetric family: login, JWKS, rotation, renewal, logout. */
    @ParameterizedTest
    @EnumSource(value = JwsAlgorithm.class, names = {"ES256", "RS256", "EdDSA"})
    void rotationWhenNewKeySignsAndOldKeyOnlyVerifiesThenExistingTokensKeepWorking(JwsAlgorithm algorithm, @TempDir Path directory)
            throws Exception {
        Path oldKey = directory.resolve("old.jwk");
        Path newKey = directory.resolve("new.jwk");
        Files.writeString(oldKey, Keys.privateJwk(Keys.generate(algorithm, "2026-10")));
        Files.writeString(newKey, Keys.privateJwk(Keys.generate(algorithm, "2026-11")));
        Path oldPublic = directory.resolve("old-public.jwks");
        Files.writeString(oldPublic, Keys.publicJwks(Keys.read(oldKey, algorithm)));
        InMemoryStores stores = Fixtures.stores();

        JsonNode beforeRotation;
        try (TestServer before = new TestServer(JwtAuthFilter.builder().settings(settings(algorithm, oldKey, "2026-10", null)).provider(stores).build())) {
            TestServer.Response jwks = before.get("/.well-known/jwks.json", null);
            assertEquals(200, jwks.status());
            JsonNode key = jwks.json().get("keys").get(0);
            assertEquals("2026-10", key.get("kid").asText());
            assertEquals(algorithm.name(), key.get("alg").asText());
            if (algorithm == JwsAlgorithm.EdDSA) {
                assertEquals("OKP", key.get("kty").asText());
                assertEquals("Ed25519", key.get("crv").asText());
            }
            assertFalse(key.has("d"), "never a private member");
            beforeRotation = before.login("demo", "demo-password-1").json();
        }
        // Deploy: the new key signs, the old one still verifies. Same session store, so sessions survive.
        try (TestServer after = new TestServer(JwtAuthFilter.builder().settings(settings(algorithm, newKey, "2026-11", oldPublic)).provider(stores).build())) {
            assertEquals(200, after.get("/api/me", beforeRotation.get("accessToken").asText()).status(), "old-key token still accepted");
            JsonNode renewed = after.post("/auth/extendtoken", beforeRotation.get("accessToken").asText(),
                    "{\"rtoken\":\"" + beforeRotation.get("renewalToken").asText() + "\"}").json();
            String header = new String(java.util.Base64.getUrlDecoder().decode(renewed.get("accessToken").asText().split("\\.")[0]));
            assertTrue(header.contains("\"kid\":\"2026-11\""), header);
            JsonNode keys = after.get("/.well-known/jwks.json", null).json().get("keys");
            assertEquals(2, keys.size(), "both keys are published during the rotation");
            String renewedAccess = renewed.get("accessToken").asText();
            assertTrue(header.contains("\"alg\":\"" + algorithm.name() + "\""), header);
            assertEquals(200, after.get("/api/me", renewedAccess).status());
            assertEquals(200, after.post("/auth/logout", renewedAccess, "").status());
            assertEquals(401, after.get("/api/me", renewedAccess).status(), "logged out");
        }
        // Last step: the old key is gone; its tokens are refused.
        try (TestServer done = new TestServer(JwtAuthFilter.builder().settings(settings(algorithm, newKey, "2026-11", null)).provider(stores).build())) {
            assertEquals(401, done.get("/api/me", beforeRotation.get("accessToken").asText()).status());
        }
    }

    @Test
    void jwksWhenHmacKeyThenNotServed() throws Exception {
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build())) {
            TestServer.Response response = server.get("/.well-known/jwks.json", null);
            assertTrue(response.status() == 401 || response.status() == 404, "no JWKS for a secret key: " + response.status());
            assertFalse(response.body().contains(Fixtures.SECRET));
        }
    }
}
