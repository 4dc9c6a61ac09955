package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's settings: keys are pinned to the configured algorithm, verification-only ones too. */
class AuthSettingsTest {
    @Test
    void settingsWhenVerifyFileRsaKeyHasNoAlgUnderPs256ThenPinnedToPs256(@TempDir Path directory) throws Exception {
        KeyMaterial signing = Keys.generate(JwsAlgorithm.PS256, "new");
        KeyMaterial previous = Keys.generate(JwsAlgorithm.PS256, "old");
        Path keyFile = Files.writeString(directory.resolve("signing.jwk"), Keys.privateJwk(signing));
        com.fasterxml.jackson.databind.node.ObjectNode jwks = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(Keys.publicJwks(List.of(previous)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) jwks.get("keys").get(0)).remove("alg");
        Path verifyFile = Files.writeString(directory.resolve("previous.jwks"), jwks.toString());
        AuthSettings settings = AuthSettings.from(Settings.of(Map.of("jwtauth.key.alg", "PS256",
                "jwtauth.key.file", keyFile.toString(), "jwtauth.key.verify-files", verifyFile.toString())));
        assertEquals(2, settings.keyRing().verificationKeys().size());
        settings.keyRing().verificationKeys().forEach(key -> assertEquals(JwsAlgorithm.PS256, key.algorithm(), key.toString()));
        assertEquals(JwsAlgorithm.PS256, settings.signingAlgorithm());
    }
}
