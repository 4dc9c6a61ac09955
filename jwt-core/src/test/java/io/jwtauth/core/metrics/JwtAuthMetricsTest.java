package io.jwtauth.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.Requirement;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each meter moves with what it counts, read from a real service through a {@link SimpleMeterRegistry}. */
class JwtAuthMetricsTest {
    private static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final AuthService auth = JwtAuth.builder().clock(clock)
            .settings(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "test",
                    "jwtauth.login.max-failures-per-user", "2"))
            .provider(new InMemoryStores(new InMemoryIdentityStore(1000)
                    .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users")),
                    new InMemorySessionStore(clock, 1000)))
            .build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        auth.close();
    }

    private double count(String name, String tag, String value) {
        var search = registry.find(name);
        if (tag != null) {
            search = search.tag(tag, value);
        }
        return search.functionCounter().count();
    }

    @Test
    void bindWhenEventsHappenThenEachMeterCountsThem() {
        new JwtAuthMetrics(auth, Set.of(io.micrometer.core.instrument.Tag.of("app", "test"))).bindTo(registry);
        TokenResponse login = auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
        assertThrows(AuthException.class, () -> auth.login("alice", "wrong-password".toCharArray(), CLIENT));
        auth.authenticate(login.accessToken());
        // The gate counts what it decides: one admitted request (the token's second check, from the cache), and two
        // without a token where one is required.
        auth.admit(Credential.token(login.accessToken()), Requirement.TOKEN);
        auth.admit(Credential.NONE, Requirement.TOKEN);
        auth.admit(Credential.NONE, Requirement.TOKEN);
        TokenResponse renewed = auth.renew(login.accessToken(), login.renewalToken(), CLIENT);
        clock.advance(Duration.ofMinutes(10)); // past the reuse grace: presenting the old pair again is a replay
        assertThrows(AuthException.class, () -> auth.renew(login.accessToken(), login.renewalToken(), CLIENT)); // a replay
        TokenResponse second = auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
        auth.logout(second.accessToken(), false, CLIENT);

        assertEquals(1, count("jwtauth.authentications", "outcome", "ok"));
        assertEquals(2, count("jwtauth.authentications", "outcome", "no-token"));
        assertEquals(0, count("jwtauth.authentications", "outcome", "bad-jwt"));
        assertEquals(2, count("jwtauth.logins", "result", "succeeded"));
        assertEquals(1, count("jwtauth.logins", "result", "failed"));
        assertEquals(1, count("jwtauth.renewals", "result", "succeeded"));
        assertEquals(1, count("jwtauth.replays", null, null));
        assertEquals(1, count("jwtauth.revocations", "scope", "session"));
        FunctionTimer logins = registry.find("jwtauth.login.duration").functionTimer();
        assertEquals(3, logins.count());
        assertTrue(logins.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertEquals(0.5, registry.find("jwtauth.cache.hit.ratio").tag("cache", "tokens").gauge().value(), 1e-9,
                "the second check of the same token came from the cache");
        assertTrue(registry.find("jwtauth.cache.size").tag("cache", "sessions").gauge().value() >= 1);
        assertTrue(registry.find("jwtauth.feed.lag").timeGauge().value(TimeUnit.SECONDS) >= 0);
        for (Meter meter : registry.getMeters()) {
            assertEquals("test", meter.getId().getTag("app"), meter.getId().toString());
        }
        assertTrue(renewed.accessToken() != null);
    }

    @Test
    void bindWhenLoginsThrottledThenTheThrottledMeterCounts() {
        new JwtAuthMetrics(auth).bindTo(registry);
        for (int i = 0; i < 3; i++) {
            assertThrows(AuthException.class, () -> auth.login("alice", "wrong-password".toCharArray(), CLIENT));
        }
        AuthException throttled = assertThrows(AuthException.class, () -> auth.login("alice", "alice-password-1".toCharArray(), CLIENT));
        assertEquals(AuthError.THROTTLED, throttled.error());
        assertTrue(count("jwtauth.throttled", null, null) >= 1, "throttled logins counted");
    }

    @Test
    void bindThenEveryMeterNameIsTheListedOne() {
        new JwtAuthMetrics(auth).bindTo(registry);
        Set<String> names = registry.getMeters().stream().map(meter -> meter.getId().getName()).collect(Collectors.toSet());
        assertEquals(METERS, names);
    }

    /** The meters the README lists (the sample's /metrics test checks the README itself). */
    static final Set<String> METERS = Set.of("jwtauth.authentications", "jwtauth.logins", "jwtauth.throttled", "jwtauth.renewals",
            "jwtauth.replays", "jwtauth.revocations", "jwtauth.logouts.refused", "jwtauth.login.duration", "jwtauth.cache.size",
            "jwtauth.cache.hit.ratio", "jwtauth.store.reads", "jwtauth.feed.lag", "jwtauth.feed.polls");
}
