package io.jwtauth.benchmarks;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** A key, a service configured with it, and one logged-in session: what every benchmark measures against. */
final class Fixture {
    static final String ISSUER = "bench";

    final KeyMaterial key;
    final InMemoryStores stores;
    final String token;
    private final Path keyFile;

    Fixture(JwsAlgorithm algorithm) {
        this.key = Keys.generate(algorithm, null);
        this.stores = new InMemoryStores(new InMemoryIdentityStore(1000)
                .addUser("1", "bench", "Bench", "bench-password".toCharArray(), Set.of("Registered Users")));
        try {
            this.keyFile = Files.createTempFile("jwtauth-bench", ".jwk");
            Files.writeString(keyFile, Keys.privateJwk(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (AuthService login = service(Map.of())) {
            this.token = login.login("bench", "bench-password".toCharArray(), ClientInfo.local()).accessToken();
        }
    }

    /** A started service on this fixture's key and sessions, with extra settings. */
    AuthService service(Map<String, String> extra) {
        Map<String, String> raw = new HashMap<>();
        raw.put("jwtauth.issuer", ISSUER);
        raw.put("jwtauth.key.alg", key.algorithm().name());
        raw.put("jwtauth.key.file", keyFile.toString());
        raw.putAll(extra);
        InMemoryStores shared = new InMemoryStores(stores.identityStore(), stores.sessionStore());
        return JwtAuth.builder().settings(raw).provider(shared).build();
    }

    /** The HMAC key's bytes (from its JWK {@code k} member), for anchors that take raw key bytes. */
    byte[] secretBytes() throws IOException {
        String k = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Keys.privateJwk(key)).get("k").asText();
        return java.util.Base64.getUrlDecoder().decode(k);
    }

    void close() {
        try {
            Files.deleteIfExists(keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
