package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.FlowFixture.CLIENT;
import static io.jwtauth.core.flow.FlowFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.memory.InMemoryStores;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service end to end: a login's tokens and its refusals, and per-request authentication from the caches. */
class AuthServiceTest {
    private final FlowFixture flow = new FlowFixture();

    @AfterEach
    void close() {
        flow.close();
    }

    @Test
    void loginWhenCredentialsMatchThenTokensIssuedAndAccepted() {
        TokenResponse response = flow.login();
        assertEquals("1", response.userId());
        assertEquals("Alice A.", response.displayName());
        assertEquals(flow.clock.instant().plus(Duration.ofMinutes(60)), response.accessExpiresAt());
        assertTrue(response.renewalToken().length() >= 43, "renewal token carries at least 256 bits");
        AuthenticatedUser user = flow.auth.authenticate(response.accessToken());
        assertEquals("alice", user.getName());
        assertEquals(Set.of("Registered Users"), user.roles());
        assertEquals(AuthEvent.Type.LOGIN_SUCCEEDED, flow.events.get(0).type());
    }

    @Test
    void loginWhenWrongPasswordUnknownUserOrDisabledThenSameError() {
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.auth.login("alice", "wrong".toCharArray(), CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.auth.login("nobody", "alice-password-1".toCharArray(), CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.auth.login("alice", new char[0], CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.auth.login("x".repeat(10_000), "p".toCharArray(), CLIENT));
        flow.users.setEnabled("1", false);
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.login());
        assertTrue(flow.events.stream().allMatch(event -> event.type() == AuthEvent.Type.LOGIN_FAILED));
    }

    @Test
    void authenticateWhenSessionUnknownThenBadToken() {
        TokenResponse one = flow.login();
        // Same key, other store: a validly signed token whose session this store never saw.
        AuthService other = JwtAuth.builder().settings(Map.of("jwtauth.key.secret",
                "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "flow-test")).provider(new InMemoryStores(flow.users)).clock(flow.clock)
                .pollManually(new ManualPolling()).build();
        assertRefused(AuthError.BAD_TOKEN, () -> other.authenticate(one.accessToken()));
        other.close();
    }

    @Test
    void authenticateWhenFeedNotReadForTooLongThenUnavailable() {
        TokenResponse one = flow.login();
        flow.auth.authenticate(one.accessToken());
        flow.clock.advance(Duration.ofSeconds(11));
        assertRefused(AuthError.UNAVAILABLE, () -> flow.auth.authenticate(one.accessToken()));
        flow.polling.poll();
        flow.auth.authenticate(one.accessToken());
    }

    @Test
    void authenticateWhenRepeatedThenServedFromCachesWithoutStoreReads() {
        TokenResponse one = flow.login();
        long readsBefore = flow.auth.metrics().sessionStoreReads();
        for (int i = 0; i < 100; i++) {
            flow.auth.authenticate(one.accessToken());
        }
        assertEquals(readsBefore, flow.auth.metrics().sessionStoreReads());
        assertEquals(1, flow.auth.metrics().tokenCacheSize());
        assertFalse(flow.auth.metrics().sessionCacheHitRate() < 0.9);
    }
}
