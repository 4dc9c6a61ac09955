package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.FlowFixture.CLIENT;
import static io.jwtauth.core.flow.FlowFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Renewal's rules ({@link SessionRenewal}), through the service: rotation, replay and reuse grace, the race of one
 * token, the deadline, and what a changed user does to the session.
 */
class SessionRenewalTest {
    private FlowFixture flow = new FlowFixture();

    @AfterEach
    void close() {
        flow.close();
    }

    /** Time passes, and the feed poller runs as the scheduler would. */
    private void elapse(Duration duration) {
        flow.clock.advance(duration);
        flow.polling.poll();
    }

    @Test
    void renewWhenCurrentPairThenBothRotateAndOldAccessTokenRefused() {
        TokenResponse first = flow.login();
        elapse(Duration.ofMinutes(61));
        assertRefused(AuthError.BAD_JWT, () -> flow.auth.authenticate(first.accessToken()));
        TokenResponse second = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertNotEquals(first.accessToken(), second.accessToken());
        assertNotEquals(first.renewalToken(), second.renewalToken());
        assertEquals("alice", flow.auth.authenticate(second.accessToken()).getName());
    }

    @Test
    void renewWhenOldAccessTokenStillUnexpiredThenRefusedAfterRenewal() {
        TokenResponse first = flow.login();
        flow.auth.authenticate(first.accessToken());
        TokenResponse second = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(first.accessToken()));
        flow.auth.authenticate(second.accessToken());
    }

    @Test
    void renewWhenSupersededRenewalTokenReplayedThenWholeSessionRevoked() {
        TokenResponse first = flow.login();
        TokenResponse second = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        TokenResponse third = flow.auth.renew(second.accessToken(), second.renewalToken(), CLIENT);
        // An attacker replays the first pair, two generations old.
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        assertTrue(flow.events.stream().anyMatch(event -> event.type() == AuthEvent.Type.REPLAY_DETECTED));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(third.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(third.accessToken(), third.renewalToken(), CLIENT));
    }

    @Test
    void renewWhenReuseGraceSetAndTokenJustSupersededThenRefusedWithoutRevoking() {
        flow.close();
        flow = new FlowFixture(Map.of("jwtauth.renewal.reuse-grace", "10s"));
        TokenResponse first = flow.login();
        TokenResponse second = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        elapse(Duration.ofSeconds(5));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        flow.auth.authenticate(second.accessToken());
        elapse(Duration.ofSeconds(10));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(second.accessToken()));
    }

    @Test
    void renewWhenRandomRenewalTokenThenRefusedButSessionSurvives() {
        TokenResponse first = flow.login();
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), "A".repeat(43), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), "x".repeat(100_000), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), null, CLIENT));
        flow.auth.authenticate(first.accessToken());
        flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
    }

    @Test
    void renewWhenRenewalTokenOfAnotherSessionThenRefused() {
        TokenResponse alice = flow.login();
        TokenResponse bob = flow.auth.login("bob", "bob-password-1".toCharArray(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(alice.accessToken(), bob.renewalToken(), CLIENT));
    }

    @Test
    void renewWhenManyThreadsRaceWithTheSameTokenThenExactlyOneWins() throws Exception {
        TokenResponse first = flow.login();
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenResponse>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
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
        flow.auth.authenticate(winners.get(0).accessToken());
        flow.auth.renew(winners.get(0).accessToken(), winners.get(0).renewalToken(), CLIENT);
    }

    @Test
    void renewWhenDeadlineNearThenExpiryCappedAndAfterDeadlineNotMoreRenewal() {
        TokenResponse first = flow.login();
        elapse(Duration.ofDays(14).minusMinutes(10));
        TokenResponse last = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertEquals(first.renewalDeadline(), last.accessExpiresAt(), "expiry = min(now + TTL, deadline)");
        assertEquals(first.renewalDeadline(), last.renewalDeadline(), "the deadline is fixed at login");
        elapse(Duration.ofMinutes(10));
        assertRefused(AuthError.NOT_MORE_RENEWAL, () -> flow.auth.renew(last.accessToken(), last.renewalToken(), CLIENT));
    }

    @Test
    void renewWhenPasswordChangedThenSessionEndsAtRenewal() {
        TokenResponse first = flow.login();
        flow.users.changePassword("1", "new-password-22".toCharArray());
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(first.accessToken()));
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.login());
        flow.auth.login("alice", "new-password-22".toCharArray(), CLIENT);
    }

    @Test
    void renewWhenRolesChangedThenNewTokenCarriesThem() {
        TokenResponse first = flow.login();
        flow.users.setRoles("1", Set.of("Registered Users", "Subscribers"));
        TokenResponse second = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertEquals(Set.of("Registered Users", "Subscribers"), flow.auth.authenticate(second.accessToken()).roles());
    }

    @Test
    void renewWhenUserDisabledThenSessionEnds() {
        TokenResponse first = flow.login();
        flow.users.setEnabled("1", false);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
    }

}
