package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthServiceTest {
    private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
            .addUser("1", "alice", "Alice A.", "alice-password-1".toCharArray(), Set.of("Registered Users"))
            .addUser("2", "bob", "Bob B.", "bob-password-1".toCharArray(), Set.of("Administrators"));
    // The store's clock is the test's too: renewal races and the reuse grace are judged on the store's time.
    private final InMemoryStores stores = new InMemoryStores(users, new InMemorySessionStore(clock, 1000));
    private final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    private ManualPolling polling;
    private AuthService auth = service(Map.of());

    /** A service on the shared stores; {@link #polling} reads its feed. */
    private AuthService service(Map<String, String> extra) {
        Map<String, String> raw = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef",
                "jwtauth.issuer", "test", "jwtauth.renewal.ttl", "14d", "jwtauth.access.ttl", "60m"));
        raw.putAll(extra);
        polling = new ManualPolling();
        return JwtAuth.builder().settings(raw).provider(stores).clock(clock).listener(events::add)
                .pollManually(polling).build();
    }

    @AfterEach
    void close() {
        auth.close();
    }

    /** Time passes, and the feed poller runs as the scheduler would. */
    private void elapse(Duration duration) {
        clock.advance(duration);
        polling.poll();
    }

    private TokenResponse loginAlice() {
        return auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
    }

    private static void assertRefused(AuthError expected, Executable call) {
        AuthException refused = assertThrows(AuthException.class, call::run);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    @FunctionalInterface
    interface Executable {
        void run();
    }

    @Test
    void loginWhenCredentialsMatchThenTokensIssuedAndAccepted() {
        TokenResponse response = loginAlice();
        assertEquals("1", response.userId());
        assertEquals("Alice A.", response.displayName());
        assertEquals(clock.instant().plus(Duration.ofMinutes(60)), response.accessExpiresAt());
        assertTrue(response.renewalToken().length() >= 43, "renewal token carries at least 256 bits");
        AuthenticatedUser user = auth.authenticate(response.accessToken());
        assertEquals("alice", user.getName());
        assertEquals(Set.of("Registered Users"), user.roles());
        assertEquals(AuthEvent.Type.LOGIN_SUCCEEDED, events.get(0).type());
    }

    @Test
    void loginWhenWrongPasswordUnknownUserOrDisabledThenSameError() {
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("alice", "wrong".toCharArray(), CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("nobody", "alice-password-1".toCharArray(), CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("alice", new char[0], CLIENT));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> auth.login("x".repeat(10_000), "p".toCharArray(), CLIENT));
        users.setEnabled("1", false);
        assertRefused(AuthError.BAD_CREDENTIALS, () -> loginAlice());
        assertTrue(events.stream().allMatch(event -> event.type() == AuthEvent.Type.LOGIN_FAILED));
    }

    @Test
    void renewWhenCurrentPairThenBothRotateAndOldAccessTokenRefused() {
        TokenResponse first = loginAlice();
        elapse(Duration.ofMinutes(61));
        assertRefused(AuthError.BAD_JWT, () -> auth.authenticate(first.accessToken()));
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertNotEquals(first.accessToken(), second.accessToken());
        assertNotEquals(first.renewalToken(), second.renewalToken());
        assertEquals("alice", auth.authenticate(second.accessToken()).getName());
    }

    @Test
    void renewWhenOldAccessTokenStillUnexpiredThenRefusedAfterRenewal() {
        TokenResponse first = loginAlice();
        auth.authenticate(first.accessToken());
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(first.accessToken()));
        auth.authenticate(second.accessToken());
    }

    @Test
    void renewWhenSupersededRenewalTokenReplayedThenWholeSessionRevoked() {
        TokenResponse first = loginAlice();
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        TokenResponse third = auth.renew(second.accessToken(), second.renewalToken(), CLIENT);
        // An attacker replays the first pair, two generations old.
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        assertTrue(events.stream().anyMatch(event -> event.type() == AuthEvent.Type.REPLAY_DETECTED));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(third.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(third.accessToken(), third.renewalToken(), CLIENT));
    }

    @Test
    void renewWhenReuseGraceSetAndTokenJustSupersededThenRefusedWithoutRevoking() {
        auth.close();
        auth = service(Map.of("jwtauth.renewal.reuse-grace", "10s"));
        TokenResponse first = loginAlice();
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        elapse(Duration.ofSeconds(5));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        auth.authenticate(second.accessToken());
        elapse(Duration.ofSeconds(10));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(second.accessToken()));
    }

    @Test
    void renewWhenRandomRenewalTokenThenRefusedButSessionSurvives() {
        TokenResponse first = loginAlice();
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), "A".repeat(43), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), "x".repeat(100_000), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), null, CLIENT));
        auth.authenticate(first.accessToken());
        auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
    }

    @Test
    void renewWhenRenewalTokenOfAnotherSessionThenRefused() {
        TokenResponse alice = loginAlice();
        TokenResponse bob = auth.login("bob", "bob-password-1".toCharArray(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(alice.accessToken(), bob.renewalToken(), CLIENT));
    }

    @Test
    void renewWhenManyThreadsRaceWithTheSameTokenThenExactlyOneWins() throws Exception {
        TokenResponse first = loginAlice();
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenResponse>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
            }));
        }
        start.countDown();
        List<TokenResponse> winners = new ArrayList<>();
        int refused = 0;
        for (Future<TokenResponse> result : results) {
            try {
                winners.add(result.get());
            } catch (java.util.concurrent.ExecutionException e) {
                assertEquals(AuthError.BAD_TOKEN, ((AuthException) e.getCause()).error());
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, winners.size());
        assertEquals(threads - 1, refused);
        // The winner's pair is the session's state: it authenticates and renews.
        auth.authenticate(winners.get(0).accessToken());
        auth.renew(winners.get(0).accessToken(), winners.get(0).renewalToken(), CLIENT);
    }

    @Test
    void renewWhenDeadlineNearThenExpiryCappedAndAfterDeadlineNotMoreRenewal() {
        TokenResponse first = loginAlice();
        elapse(Duration.ofDays(14).minusMinutes(10));
        TokenResponse last = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertEquals(first.renewalDeadline(), last.accessExpiresAt(), "expiry = min(now + TTL, deadline)");
        assertEquals(first.renewalDeadline(), last.renewalDeadline(), "the deadline is fixed at login");
        elapse(Duration.ofMinutes(10));
        assertRefused(AuthError.NOT_MORE_RENEWAL, () -> auth.renew(last.accessToken(), last.renewalToken(), CLIENT));
    }

    @Test
    void renewWhenPasswordChangedThenSessionEndsAtRenewal() {
        TokenResponse first = loginAlice();
        users.changePassword("1", "new-password-22".toCharArray());
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(first.accessToken()));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> loginAlice());
        auth.login("alice", "new-password-22".toCharArray(), CLIENT);
    }

    @Test
    void renewWhenRolesChangedThenNewTokenCarriesThem() {
        TokenResponse first = loginAlice();
        users.setRoles("1", Set.of("Registered Users", "Subscribers"));
        TokenResponse second = auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertEquals(Set.of("Registered Users", "Subscribers"), auth.authenticate(second.accessToken()).roles());
    }

    @Test
    void renewWhenUserDisabledThenSessionEnds() {
        TokenResponse first = loginAlice();
        users.setEnabled("1", false);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
    }

    @Test
    void logoutWhenCalledThenThatSessionOnlyEnds() {
        TokenResponse one = loginAlice();
        TokenResponse two = loginAlice();
        auth.logout(one.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(one.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(one.accessToken(), one.renewalToken(), CLIENT));
        auth.authenticate(two.accessToken());
        // A second logout with the token of an ended session is refused (a leaked old token ends nothing more).
        assertRefused(AuthError.BAD_TOKEN, () -> auth.logout(one.accessToken(), false, CLIENT));
    }

    @Test
    void logoutWhenAllThenEverySessionOfTheUserEndsAndOthersSurvive() {
        TokenResponse one = loginAlice();
        TokenResponse two = loginAlice();
        TokenResponse bob = auth.login("bob", "bob-password-1".toCharArray(), CLIENT);
        auth.authenticate(two.accessToken());
        auth.logout(one.accessToken(), true, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(one.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.authenticate(two.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(two.accessToken(), two.renewalToken(), CLIENT));
        auth.authenticate(bob.accessToken());
    }

    @Test
    void logoutWhenAccessTokenExpiredThenStillAccepted() {
        TokenResponse one = loginAlice();
        elapse(Duration.ofHours(3));
        auth.logout(one.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> auth.renew(one.accessToken(), one.renewalToken(), CLIENT));
    }

    @Test
    void authenticateWhenSessionUnknownThenBadToken() {
        TokenResponse one = loginAlice();
        // Same key, other store: a validly signed token whose session this store never saw.
        AuthService other = JwtAuth.builder().settings(Map.of("jwtauth.key.secret",
                "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "test")).provider(new InMemoryStores(users)).clock(clock)
                .pollManually(new ManualPolling()).build();
        assertRefused(AuthError.BAD_TOKEN, () -> other.authenticate(one.accessToken()));
        other.close();
    }

    @Test
    void authenticateWhenFeedNotReadForTooLongThenUnavailable() {
        TokenResponse one = loginAlice();
        auth.authenticate(one.accessToken());
        clock.advance(Duration.ofSeconds(11));
        assertRefused(AuthError.UNAVAILABLE, () -> auth.authenticate(one.accessToken()));
        polling.poll();
        auth.authenticate(one.accessToken());
    }

    @Test
    void authenticateWhenRepeatedThenServedFromCachesWithoutStoreReads() {
        TokenResponse one = loginAlice();
        long readsBefore = auth.metrics().sessionStoreReads();
        for (int i = 0; i < 100; i++) {
            auth.authenticate(one.accessToken());
        }
        assertEquals(readsBefore, auth.metrics().sessionStoreReads());
        assertEquals(1, auth.metrics().tokenCacheSize());
        assertFalse(auth.metrics().sessionCacheHitRate() < 0.9);
    }
}
