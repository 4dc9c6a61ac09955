package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core items of the second hardening review (issue 12): one test per defect, each failing before its fix. */
class HardeningRoundTwoTest {
    private static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "hardening");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore(1000)
            .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users")),
            new InMemorySessionStore(clock, 1000));
    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    private final ManualPolling polling = new ManualPolling();
    private final AuthService auth = JwtAuth.builder().settings(Map.of(
                    "jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "hardening")).provider(stores)
            .clock(clock).listener(events::add).pollManually(polling).build();

    @AfterEach
    void close() {
        auth.close();
    }

    private TokenResponse login() {
        return auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
    }

    private static void assertRefused(AuthError expected, Runnable call) {
        AuthException refused = assertThrows(AuthException.class, call::run);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    // Item 8: any old token of the session could log out (all) again and again.
    @Test
    void logoutWhenTokenSupersededThenBadTokenAndSessionKept() {
        TokenResponse first = login();
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.logout(first.accessToken(), true, CLIENT));
        assertEquals("alice", auth.authenticate(second.accessToken()).getName(), "the leaked old token ended nothing");
    }

    @Test
    void logoutWhenSessionAlreadyEndedThenBadToken() {
        TokenResponse first = login();
        auth.logout(first.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.logout(first.accessToken(), true, CLIENT));
        assertEquals(AuthEvent.Type.LOGOUT_REFUSED, events.get(events.size() - 1).type());
    }

    @Test
    void logoutWhenLatestTokenHasExpiredThenStillAccepted() {
        TokenResponse first = login();
        clock.advance(Duration.ofHours(2));
        polling.poll();
        auth.logout(first.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
    }

    // Item 9: the raw user name, newlines included, went to the audit log.
    @Test
    void auditWhenUserNameCarriesControlCharactersThenEscapedAndCapped() {
        String forged = "mallory\nINFO io.jwtauth.audit LOGIN_SUCCEEDED user=admin\u2028\u202e" + "x".repeat(500);
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login(forged, "whatever".toCharArray(), CLIENT));
        String logged = events.get(0).username();
        assertFalse(logged.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x202e), logged);
        assertTrue(logged.startsWith("mallory\\u000aINFO"), logged);
        assertTrue(logged.length() <= AuditEvents.MAX_VALUE_LENGTH + 1, "length " + logged.length());
        assertEquals("a\\u005cb", AuditEvents.clean("a\\b"), "a backslash cannot fake an escape");
    }

    // Item 12: tokens were cached before the session check, so sessions that fail it could churn the cache.
    @Test
    void authenticateWhenSessionCheckFailsThenTokenNotCached() {
        TokenResponse first = login();
        auth.logout(first.accessToken(), false, CLIENT);
        long before = auth.metrics().tokenCacheSize();
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(first.accessToken()));
        assertEquals(before, auth.metrics().tokenCacheSize());
        TokenResponse second = login();
        auth.authenticate(second.accessToken());
        assertEquals(before + 1, auth.metrics().tokenCacheSize());
    }

    // Item 10: verify-files were read without the configured algorithm; an RSA key without its own alg became RS256.
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
    }
}
