package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.FlowFixture.CLIENT;
import static io.jwtauth.core.flow.FlowFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Audit lines carry what clients sent only escaped and capped, so no client can forge or flood a log line. */
class AuditEventsTest {
    private final FlowFixture flow = new FlowFixture();

    @AfterEach
    void close() {
        flow.close();
    }

    @Test
    void auditWhenUserNameCarriesControlCharactersThenEscapedAndCapped() {
        String forged = "mallory\nINFO io.jwtauth.audit LOGIN_SUCCEEDED user=admin\u2028\u202e" + "x".repeat(500);
        assertRefused(AuthError.BAD_CREDENTIALS, () -> flow.auth.login(forged, "whatever".toCharArray(), CLIENT));
        String logged = flow.events.get(0).username();
        assertFalse(logged.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x202e), logged);
        assertTrue(logged.startsWith("mallory\\u000aINFO"), logged);
        assertTrue(logged.length() <= AuditEvents.MAX_VALUE_LENGTH + 1, "length " + logged.length());
        assertEquals("a\\u005cb", AuditEvents.clean("a\\b"), "a backslash cannot fake an escape");
    }
}
