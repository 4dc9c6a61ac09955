package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Login over plain HTTP is allowed from this machine, whichever loopback address the client connected from:
 * Chromium resolves {@code localhost} to {@code ::1} first, so the quick start's page must work over IPv6 too.
 */
class LoopbackLoginIT {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void loginWhenPlainHttpFromEitherLoopbackAddressThenAllowed(String host) throws Exception {
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build(),
                true, host)) {
            TestServer.Response login = server.login("demo", "demo-password-1");
            assertEquals(200, login.status(), login.body());
        }
    }
}
