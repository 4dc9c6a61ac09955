package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 12, items 2 and 3: what the login throttle counts, and how much it can be made to hold. */
class LoginThrottleTest {
    @Test
    void nameWhenSpelledWithAccentsCaseOrFullWidthThenOneKey() {
        assertEquals("demo", LoginThrottle.normalise("Démo"));
        assertEquals("demo", LoginThrottle.normalise("DEMO"));
        assertEquals("demo", LoginThrottle.normalise("ｄｅｍｏ"));
        assertEquals("strasse", LoginThrottle.normalise("Straße"));
        assertEquals(LoginThrottle.attempt("Démo", "192.0.2.1"), LoginThrottle.attempt(" demo ", "192.0.2.1"));
        assertNotEquals(LoginThrottle.attempt("demo", "192.0.2.1").pair(), LoginThrottle.resolvedPair("demo", "192.0.2.1"),
                "ids and names never collide");
        assertNotEquals(LoginThrottle.attempt("demo", "192.0.2.1").pair(), LoginThrottle.attempt("demo", "192.0.2.2").pair(),
                "per account and address");
    }

    @Test
    void addressWhenIpv6ThenGroupedBySlash64() {
        assertEquals(LoginThrottle.address("2001:db8:1:2::1"), LoginThrottle.address("2001:db8:1:2:ffff::9"));
        assertNotEquals(LoginThrottle.address("2001:db8:1:2::1"), LoginThrottle.address("2001:db8:1:3::1"));
        assertNotEquals(LoginThrottle.address("192.0.2.1"), LoginThrottle.address("192.0.2.2"));
        assertEquals("v6/64:20010db800010002", LoginThrottle.group("[2001:db8:1:2::7]"));
        assertEquals("not-an-address", LoginThrottle.group("not-an-address"), "never resolved as a name");
    }

    @Test
    void loginWhenNamesAreOversizedThenRefusedAndCountedPerAddressOnly() {
        InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore(1000)
                .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of()));
        try (AuthService auth = JwtAuth.builder().settings(Map.of("jwtauth.key.secret",
                "0123456789abcdef0123456789abcdef", "jwtauth.login.max-failures-per-address", "3")).provider(stores)
                .pollManually(new ManualPolling()).build()) {
            ClientInfo client = new ClientInfo("198.51.100.77", "t");
            for (int i = 0; i < 3; i++) {
                String huge = i + "x".repeat(8000);
                assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                        () -> auth.login(huge, "p".toCharArray(), client)).error());
            }
            AuthException throttled = assertThrows(AuthException.class, () -> auth.login("alice", "alice-password-1".toCharArray(), client));
            assertEquals(AuthError.THROTTLED, throttled.error(), "the address is counted");
        }
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(5, 20, 50, java.time.Duration.ofMinutes(15), 30,
                java.time.Duration.ofSeconds(2)), java.time.Clock.systemUTC(), null);
        for (int i = 0; i < 1000; i++) {
            throttle.recordFailures(java.util.List.of(LoginThrottle.attempt("user-" + i + "-" + "y".repeat(200), "192.0.2.9").pair()));
        }
        assertEquals(1000, throttle.failureEntries(), "one fixed-size digest key per name, whatever its length");
    }
}
