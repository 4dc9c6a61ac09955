package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.FlowFixture.CLIENT;
import static io.jwtauth.core.flow.FlowFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.core.AuthError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verified-token cache takes a token only once its session check passed, so failing sessions cannot churn it. */
class VerifiedTokensTest {
    private final FlowFixture flow = new FlowFixture();

    @AfterEach
    void close() {
        flow.close();
    }

    @Test
    void authenticateWhenSessionCheckFailsThenTokenNotCached() {
        TokenResponse first = flow.login();
        flow.auth.logout(first.accessToken(), false, CLIENT);
        long before = flow.auth.metrics().tokenCacheSize();
        assertRefused(AuthError.BAD_TOKEN, () -> flow.auth.authenticate(first.accessToken()));
        assertEquals(before, flow.auth.metrics().tokenCacheSize());
        TokenResponse second = flow.login();
        flow.auth.authenticate(second.accessToken());
        assertEquals(before + 1, flow.auth.metrics().tokenCacheSize());
    }
}
