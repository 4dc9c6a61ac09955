package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jwtauth.core.AuthError;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * The per-request decision as a table: every credential state an entry point can find, against every requirement a
 * target can have, with the one outcome and what is counted. The filter and the container module both ask this gate
 * ({@code GateAgreementTest} in the filter shows they answer alike).
 */
class RequestGateTest {

    /** What the request presents. */
    enum Presented { NONE, MALFORMED, VALID, FORGED, LOGGED_OUT, STALE_FEED, CROSS_SITE }

    /** What its target requires. */
    enum Target {
        OPEN(Requirement.OPEN), TOKEN(Requirement.TOKEN), ROLE_HELD(Requirement.anyOf(Set.of("Registered Users"))),
        ROLE_MISSING(Requirement.anyOf(Set.of("Administrators")));

        final Requirement requirement;

        Target(Requirement requirement) {
            this.requirement = requirement;
        }
    }

    private static final String ANONYMOUS = "anonymous";
    private static final String USER = "user";

    static Stream<Arguments> table() {
        Object[][] rows = {
            // presented       OPEN                  TOKEN                 ROLE_HELD             ROLE_MISSING
            {Presented.NONE, ANONYMOUS, AuthError.NO_TOKEN, AuthError.NO_TOKEN, AuthError.NO_TOKEN},
            {Presented.MALFORMED, ANONYMOUS, AuthError.BAD_JWT, AuthError.BAD_JWT, AuthError.BAD_JWT},
            {Presented.VALID, USER, USER, USER, AuthError.FORBIDDEN},
            {Presented.FORGED, ANONYMOUS, AuthError.BAD_JWT, AuthError.BAD_JWT, AuthError.BAD_JWT},
            {Presented.LOGGED_OUT, ANONYMOUS, AuthError.BAD_TOKEN, AuthError.BAD_TOKEN, AuthError.BAD_TOKEN},
            // Revocation data too old to trust: refused everywhere, as answering anonymous could hide a logout.
            {Presented.STALE_FEED, AuthError.UNAVAILABLE, AuthError.UNAVAILABLE, AuthError.UNAVAILABLE, AuthError.UNAVAILABLE},
            // A browser cookie on an unsafe request without the proof of the application's page: never the user.
            {Presented.CROSS_SITE, ANONYMOUS, AuthError.CSRF, AuthError.CSRF, AuthError.CSRF},
        };
        Stream.Builder<Arguments> cells = Stream.builder();
        for (Object[] row : rows) {
            for (Target target : Target.values()) {
                cells.add(Arguments.of(row[0], target, row[1 + target.ordinal()]));
            }
        }
        return cells.build();
    }

    private final FlowFixture flow = new FlowFixture();
    private final AuthService auth = flow.auth;

    @AfterEach
    void close() {
        flow.close();
    }

    private Credential credential(Presented presented) {
        return switch (presented) {
            case NONE -> Credential.NONE;
            case MALFORMED -> Credential.MALFORMED;
            case VALID -> Credential.token(login());
            case FORGED -> {
                String token = login();
                yield Credential.token(token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"));
            }
            case LOGGED_OUT -> {
                String token = login();
                auth.logout(token, false, FlowFixture.CLIENT);
                yield Credential.token(token);
            }
            case CROSS_SITE -> Credential.CROSS_SITE;
            case STALE_FEED -> {
                String token = login();
                flow.clock.advance(Duration.ofSeconds(11)); // past max-staleness (10 poll intervals) without a poll
                yield Credential.token(token);
            }
        };
    }

    private String login() {
        return flow.login().accessToken();
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @MethodSource("table")
    void admitWhenCredentialAndRequirementThenTheOneOutcomeCountedOnce(Presented presented, Target target, Object expected) {
        Credential credential = credential(presented);
        long authenticatedBefore = auth.counters().authenticatedCount();
        Map<AuthError, Long> refusedBefore = refusedCounts();

        Admission admission = auth.admit(credential, target.requirement);

        if (expected == USER) {
            assertEquals("alice", admission.user().getName());
            assertNull(admission.refusal());
            assertEquals(authenticatedBefore + 1, auth.counters().authenticatedCount());
        } else if (expected == ANONYMOUS) {
            assertEquals(Admission.ANONYMOUS, admission);
            assertEquals(authenticatedBefore, auth.counters().authenticatedCount());
            assertEquals(refusedBefore, refusedCounts(), "anonymous is counted nowhere");
        } else {
            AuthError error = (AuthError) expected;
            assertEquals(error, admission.refusal());
            assertNull(admission.user());
            assertEquals(refusedBefore.get(error) + 1, auth.counters().refusedCount(error));
            if (error == AuthError.UNAVAILABLE) {
                assertEquals(Duration.ofSeconds(5), admission.retryAfter());
            }
        }
    }

    private Map<AuthError, Long> refusedCounts() {
        Map<AuthError, Long> counts = new java.util.EnumMap<>(AuthError.class);
        for (AuthError error : AuthError.values()) {
            counts.put(error, auth.counters().refusedCount(error));
        }
        return counts;
    }
}
