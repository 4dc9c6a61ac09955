package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service on in-memory stores with users {@code alice} (id 1) and {@code bob} (id 2), a hand-driven clock and feed,
 * and the audit events it emitted.
 */
final class FlowFixture implements AutoCloseable {
    static final ClientInfo CLIENT = new ClientInfo("203.0.113.9", "flow-test");

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    final ManualPolling polling = new ManualPolling();
    final InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
            .addUser("1", "alice", "Alice A.", "alice-password-1".toCharArray(), Set.of("Registered Users"))
            .addUser("2", "bob", "Bob B.", "bob-password-1".toCharArray(), Set.of("Administrators"));
    final AuthService auth;

    FlowFixture() {
        this(Map.of());
    }

    /** With {@code extra} settings on top of the fixture's own. */
    FlowFixture(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "flow-test"));
        settings.putAll(extra);
        this.auth = JwtAuth.builder().settings(settings)
                .provider(new InMemoryStores(users, new InMemorySessionStore(clock, 1000)))
                .clock(clock).listener(events::add).pollManually(polling).build();
    }

    TokenResponse login() {
        return auth.login("alice", "alice-password-1".toCharArray(), CLIENT);
    }

    static void assertRefused(AuthError expected, Runnable call) {
        AuthException refused = assertThrows(AuthException.class, call::run);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    @Override
    public void close() {
        auth.close();
    }
}
