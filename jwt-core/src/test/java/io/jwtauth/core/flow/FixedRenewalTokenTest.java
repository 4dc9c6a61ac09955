package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jwtauth.renewal.rotate=false} (DNN's semantics): one renewal token for the whole session, accepted only
 * together with the session's latest access token. Clients that keep the login's renewal token renew again
 * and again.
 */
class FixedRenewalTokenTest {
    private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore(1000)
            .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users")),
            new InMemorySessionStore(clock, 1000));
    private final ManualPolling polling = new ManualPolling();
    private AuthService auth;

    private AuthService service(String rotate) {
        Map<String, String> raw = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "test"));
        if (rotate != null) {
            raw.put("jwtauth.renewal.rotate", rotate);
        }
        return JwtAuth.builder().settings(raw).provider(stores).clock(clock).pollManually(polling).build();
    }

    @AfterEach
    void close() {
        if (auth != null) {
            auth.close();
        }
    }

    @Test
    void renewWhenNotRotatingThenTheLoginsRenewalTokenServesEveryRenewal() {
        auth = service("false");
        TokenResponse login = auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
        String access = login.accessToken();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(10));
            polling.poll(); // the feed poller runs as the scheduler would
            TokenResponse renewed = auth.renew(access, login.renewalToken(), CLIENT);
            assertEquals(login.renewalToken(), renewed.renewalToken(), "the renewal token stays the same");
            assertNotEquals(access, renewed.accessToken());
            String previous = access;
            access = renewed.accessToken();
            assertEquals("alice", auth.authenticate(access).getName());
            // Only the session's latest access token goes with it: the one before is bad-token.
            AuthException stale = assertThrows(AuthException.class, () -> auth.renew(previous, login.renewalToken(), CLIENT));
            assertEquals(AuthError.BAD_TOKEN, stale.error());
        }
        assertEquals("alice", auth.authenticate(access).getName(), "a mismatch refuses the renewal, not the session");
    }

    @Test
    void renewWhenNotRotatingAndAWrongRenewalTokenThenBadToken() {
        auth = service("false");
        TokenResponse login = auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
        AuthException refused = assertThrows(AuthException.class, () -> auth.renew(login.accessToken(), "x".repeat(43), CLIENT));
        assertEquals(AuthError.BAD_TOKEN, refused.error());
    }

    @Test
    void renewByDefaultThenRotated() {
        auth = service(null);
        assertTrue(auth.settings().rotateRenewalTokens());
        TokenResponse login = auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
        assertNotEquals(login.renewalToken(), auth.renew(login.accessToken(), login.renewalToken(), CLIENT).renewalToken());
    }

    @Test
    void settingWhenNotABooleanThenStartFailsNamingIt() {
        ConfigException bad = assertThrows(ConfigException.class, () -> service("sometimes"));
        assertEquals("jwtauth.renewal.rotate", bad.key());
    }
}
