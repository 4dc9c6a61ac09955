package io.jwtauth.filter.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.filter.JwtAuthFilter;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 7: no exception from jwtauth may reach the container, whose own error page answered with a
 * 500 (and, in some containers, a stack trace). An unexpected failure answers {@code 500 server-error} with
 * an incident id and nothing else.
 */
class UnexpectedFailureIT {
    /** Stores that work, until told to throw what a buggy provider would. */
    private static final class BrokenStores implements StoreProvider {
        final InMemoryStores real = Fixtures.stores();
        final AtomicBoolean broken = new AtomicBoolean();

        @Override
        public IdentityStore identityStore() {
            return new IdentityStore() {
                @Override
                public Optional<UserRecord> authenticate(String username, char[] password) {
                    if (broken.get()) {
                        throw new IllegalStateException("provider bug: secret detail that must not leak");
                    }
                    return real.identityStore().authenticate(username, password);
                }

                @Override
                public Optional<UserRecord> findById(String userId) {
                    return real.identityStore().findById(userId);
                }
            };
        }

        @Override
        public SessionStore sessionStore() {
            return real.sessionStore();
        }
    }

    @Test
    void loginWhenTheProviderThrowsThenServerErrorWithAnIncidentIdAndNoDetail() throws Exception {
        BrokenStores stores = new BrokenStores();
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(stores).build())) {
            stores.broken.set(true);
            TestServer.Response response = server.login("demo", "demo-password-1");
            assertEquals(500, response.status());
            assertEquals("server-error", response.error());
            String incident = response.json().get("incident").asText();
            assertTrue(incident.matches("[0-9a-f-]{36}"), incident);
            assertFalse(response.body().contains("secret detail"), response.body());
            assertFalse(response.body().contains("IllegalStateException"), response.body());

            stores.broken.set(false);
            assertEquals(200, server.login("demo", "demo-password-1").status(), "the filter carries on");
        }
    }
}
