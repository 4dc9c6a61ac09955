package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.UserRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A burst of logins beyond {@code max-concurrent} waits briefly for a password-check slot (#14) instead of being
 * refused at once: bounded in time ({@code queue-timeout}) and in number ({@code max-waiting}).
 */
class LoginBurstTest {
    /** An identity store whose password check holds until the test lets it go, so that slots stay busy on cue. */
    private static final class GatedIdentities implements IdentityStore {
        final InMemoryIdentityStore users = new InMemoryIdentityStore(1000);
        final Semaphore gate = new Semaphore(0);
        final Semaphore entered = new Semaphore(0);

        @Override
        public Optional<UserRecord> authenticate(String username, char[] password) {
            entered.release();
            try {
                gate.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return users.authenticate(username, password);
        }

        @Override
        public Optional<UserRecord> findById(String userId) {
            return users.findById(userId);
        }
    }

    private static AuthService service(GatedIdentities identities, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef",
                "jwtauth.issuer", "test", "jwtauth.login.max-concurrent", "1"));
        settings.putAll(extra);
        for (int i = 0; i < 5; i++) {
            identities.users.addUser(Integer.toString(i), "user" + i, "User " + i, ("password-of-" + i).toCharArray(), Set.of());
        }
        return JwtAuth.builder().settings(settings).provider(provider(identities)).pollManually(new ManualPolling()).build();
    }

    private static CompletableFuture<TokenResponse> loginAsync(AuthService auth, int user) {
        // A thread of its own: the common pool may have a single thread on a small machine, and other tests' tasks.
        CompletableFuture<TokenResponse> login = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                login.complete(auth.login("user" + user, ("password-of-" + user).toCharArray(),
                        new ClientInfo("192.0.2." + (10 + user), "burst-test")));
            } catch (RuntimeException e) {
                login.completeExceptionally(e);
            }
        }, "login-" + user);
        thread.setDaemon(true);
        thread.start();
        return login;
    }

    /** user0's login, started and holding the only password-check slot (its check waits at the gate). */
    private static CompletableFuture<TokenResponse> holdTheSlot(AuthService auth, GatedIdentities identities)
            throws InterruptedException {
        CompletableFuture<TokenResponse> first = loginAsync(auth, 0);
        assertTrue(identities.entered.tryAcquire(5, TimeUnit.SECONDS), "the first login holds the only slot");
        return first;
    }

    /** A login on this thread, from an address of its own, that must be refused. */
    private static AuthException refusedNow(AuthService auth, int user) {
        return assertThrows(AuthException.class, () -> auth.login("user" + user, ("password-of-" + user).toCharArray(),
                new ClientInfo("192.0.2." + (90 + user), "burst-test")));
    }

    private static AuthError refusal(CompletableFuture<TokenResponse> login) throws InterruptedException {
        try {
            login.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return ((AuthException) e.getCause()).error();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("login did not finish", e);
        }
    }

    @Test
    void slotBusyThenTheNextLoginWaitsAndSucceedsWhenItFrees() throws Exception {
        GatedIdentities identities = new GatedIdentities();
        try (AuthService auth = service(identities, Map.of("jwtauth.login.queue-timeout", "10s"))) {
            CompletableFuture<TokenResponse> first = holdTheSlot(auth, identities);
            CompletableFuture<TokenResponse> second = loginAsync(auth, 1);
            awaitWaiting(auth, 1);
            assertFalse(second.isDone(), "the second login waits instead of 429");
            identities.gate.release(2);
            assertEquals(null, refusal(first));
            assertEquals(null, refusal(second));
            assertEquals("1", second.get().userId());
        }
    }

    @Test
    void slotBusyPastTheQueueTimeoutThenThrottledWithRetryAfter() throws Exception {
        GatedIdentities identities = new GatedIdentities();
        try (AuthService auth = service(identities, Map.of("jwtauth.login.queue-timeout", "300ms"))) {
            CompletableFuture<TokenResponse> first = holdTheSlot(auth, identities);
            long started = System.nanoTime();
            AuthException refused = refusedNow(auth, 1);
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(AuthError.THROTTLED, refused.error());
            assertEquals(Duration.ofSeconds(1), refused.retryAfter());
            assertTrue(waitedMillis >= 290, "waited for the queue timeout first: " + waitedMillis + " ms");
            identities.gate.release();
            assertEquals(null, refusal(first));
        }
    }

    @Test
    void queueFullThenTheNextIsThrottledAtOnce() throws Exception {
        GatedIdentities identities = new GatedIdentities();
        try (AuthService auth = service(identities, Map.of("jwtauth.login.queue-timeout", "10s", "jwtauth.login.max-waiting", "1"))) {
            CompletableFuture<TokenResponse> first = holdTheSlot(auth, identities);
            CompletableFuture<TokenResponse> queued = loginAsync(auth, 1);
            awaitWaiting(auth, 1);
            AuthException refused = refusedNow(auth, 2);
            assertEquals(AuthError.THROTTLED, refused.error(), "beyond max-waiting: refused without waiting");
            identities.gate.release(2);
            assertEquals(null, refusal(first));
            assertEquals(null, refusal(queued));
        }
    }

    @Test
    void queueTimeoutZeroThenRefusedAtOnceAsBefore() throws Exception {
        GatedIdentities identities = new GatedIdentities();
        try (AuthService auth = service(identities, Map.of("jwtauth.login.queue-timeout", "0s"))) {
            CompletableFuture<TokenResponse> first = holdTheSlot(auth, identities);
            assertEquals(AuthError.THROTTLED, refusedNow(auth, 1).error());
            identities.gate.release();
            assertEquals(null, refusal(first));
        }
    }

    @Test
    void badQueueSettingsThenStartUpNamesThem() {
        for (Map.Entry<String, String> bad : Map.of("jwtauth.login.queue-timeout", "31s", "jwtauth.login.max-waiting", "-1").entrySet()) {
            ConfigException refused = assertThrows(ConfigException.class, () -> service(new GatedIdentities(), Map.of(bad.getKey(), bad.getValue())));
            assertTrue(refused.getMessage().contains(bad.getKey()), refused.getMessage());
        }
    }

    private static void awaitWaiting(AuthService auth, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (auth.loginsWaiting() < expected) {
            assertTrue(System.nanoTime() < deadline, "no login came to wait for a slot");
            Thread.sleep(5);
        }
    }

    /** A provider of {@code identities} and sessions in memory, for stores whose password check a test controls. */
    static StoreProvider provider(IdentityStore identities) {
        SessionStore sessions = new InMemorySessionStore();
        return new StoreProvider() {
            @Override
            public IdentityStore identityStore() {
                return identities;
            }

            @Override
            public SessionStore sessionStore() {
                return sessions;
            }

            @Override
            public void close() {
            }
        };
    }
}
