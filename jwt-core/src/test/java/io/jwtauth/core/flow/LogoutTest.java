package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.FlowFixture.CLIENT;
import static io.jwtauth.core.flow.FlowFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.core.AuthError;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logout needs the latest access token of a live session (expired is fine): an old leaked token ends nothing. */
class LogoutTest {
    private final FlowFixture flow = new FlowFixture();

    @AfterEach
    void close() {
        flow.close();
    }

    @Test
    void logoutWhenTokenSupersededThenBadTokenAndSessionKept() {
        TokenResponse first = flow.login();
        TokenResponse second = flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.logout(first.accessToken(), true, CLIENT));
        assertEquals("alice", flow.auth.authenticate(second.accessToken()).getName(), "the leaked old token ended nothing");
    }

    @Test
    void logoutWhenSessionAlreadyEndedThenBadToken() {
        TokenResponse first = flow.login();
        flow.auth.logout(first.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.logout(first.accessToken(), true, CLIENT));
        assertEquals(AuthEvent.Type.LOGOUT_REFUSED, flow.events.get(flow.events.size() - 1).type());
    }

    @Test
    void logoutWhenLatestTokenHasExpiredThenStillAccepted() {
        TokenResponse first = flow.login();
        flow.clock.advance(Duration.ofHours(2));
        flow.polling.poll();
        flow.auth.logout(first.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(first.accessToken(), first.renewalToken(), CLIENT));
    }

    @Test
    void logoutWhenCalledThenThatSessionOnlyEnds() {
        TokenResponse one = flow.login();
        TokenResponse two = flow.login();
        flow.auth.logout(one.accessToken(), false, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(one.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(one.accessToken(), one.renewalToken(), CLIENT));
        flow.auth.authenticate(two.accessToken());
        // A second logout with the token of an ended session is refused (a leaked old token ends nothing more).
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.logout(one.accessToken(), false, CLIENT));
    }

    @Test
    void logoutWhenAllThenEverySessionOfTheUserEndsAndOthersSurvive() {
        TokenResponse one = flow.login();
        TokenResponse two = flow.login();
        TokenResponse bob = flow.auth.login("bob", "bob-password-1".toCharArray(), CLIENT);
        flow.auth.authenticate(two.accessToken());
        flow.auth.logout(one.accessToken(), true, CLIENT);
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(one.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(two.accessToken()));
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.renew(two.accessToken(), two.renewalToken(), CLIENT));
        flow.auth.authenticate(bob.accessToken());
    }
}
