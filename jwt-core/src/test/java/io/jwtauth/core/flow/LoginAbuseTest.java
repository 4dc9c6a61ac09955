package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An outside review (#29, items 1 and 2): one account could deny every login, and anyone could lock a named account
 * out. Logins of others must stay available under a flood, and failures from one address must not lock the account
 * out everywhere.
 */
class LoginAbuseTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final ClientInfo ATTACKER = new ClientInfo("203.0.113.66", "flood");
    private static final ClientInfo VICTIM = new ClientInfo("198.51.100.9", "victim");

    /** A password check that costs what argon2id costs, so that the slots fill up as they do in production. */
    private static final class SlowIdentities implements IdentityStore {
        final InMemoryIdentityStore users = new InMemoryIdentityStore(1000);

        @Override
        public CredentialCheck check(String username, char[] password) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return users.check(username, password);
        }

        @Override
        public Optional<UserRecord> authenticate(String username, char[] password) {
            return Optional.ofNullable(check(username, password).user());
        }

        @Override
        public Optional<UserRecord> findById(String userId) {
            return users.findById(userId);
        }
    }

    private AuthService auth;

    @AfterEach
    void close() {
        if (auth != null) {
            auth.close();
        }
    }

    private AuthService service(IdentityStore identities, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "test",
                "jwtauth.login.max-concurrent", "2", "jwtauth.login.max-waiting", "20"));
        settings.putAll(extra);
        auth = JwtAuth.builder().settings(settings).provider(LoginBurstTest.provider(identities)).pollManually(new ManualPolling()).build();
        return auth;
    }

    private static AuthError refusal(Runnable call) {
        return assertThrows(AuthException.class, call::run).error();
    }

    @Test
    void loginWhenOneClientLoopsCorrectLoginsOfItsOwnAccountsThenOthersStillLogIn() throws Exception {
        SlowIdentities identities = new SlowIdentities();
        identities.users.addUser("0", "admin", "Admin", "admin-password-1".toCharArray(), Set.of());
        for (int i = 1; i <= 60; i++) {
            identities.users.addUser(String.valueOf(i), "mallory" + i, "Mallory", ("mallory-password-" + i).toCharArray(), Set.of());
        }
        AuthService service = service(identities, Map.of());
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger floodRefused = new AtomicInteger();
        List<Thread> flood = new ArrayList<>();
        // 60 threads from one address: half loop one account, half their own account each.
        for (int t = 1; t <= 60; t++) {
            int account = t % 2 == 0 ? 1 : t;
            Thread thread = new Thread(() -> {
                while (flooding.get()) {
                    try {
                        service.login("mallory" + account, ("mallory-password-" + account).toCharArray(), ATTACKER);
                    } catch (AuthException e) {
                        floodRefused.incrementAndGet();
                    }
                }
            });
            thread.start();
            flood.add(thread);
        }
        Thread.sleep(300);
        int succeeded = 0;
        int tried = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            tried++;
            try {
                service.login("admin", "admin-password-1".toCharArray(), VICTIM);
                succeeded++;
            } catch (AuthException e) {
                assertEquals(AuthError.THROTTLED, e.error());
            }
        }
        flooding.set(false);
        for (Thread thread : flood) {
            thread.join();
        }
        assertTrue(floodRefused.get() > 0, "the flood was throttled");
        assertTrue(succeeded >= 0.9 * tried, "the victim logged in " + succeeded + " of " + tried + " times under the flood");
    }

    @Test
    void loginWhenOneClientSpendsItsAttemptsThenRateLimitedForThatAccountOnly() {
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                .addUser("1", "demo", "Demo", "demo-password-1".toCharArray(), Set.of())
                .addUser("2", "other", "Other", "other-password-1".toCharArray(), Set.of());
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        auth = JwtAuth.builder().settings(Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "test"))
                .provider(new InMemoryStores(users)).clock(clock).pollManually(new ManualPolling()).build();
        for (int i = 0; i < 30; i++) {
            auth.login("demo", "demo-password-1".toCharArray(), ATTACKER);
        }
        AuthException refused = assertThrows(AuthException.class, () -> auth.login("demo", "demo-password-1".toCharArray(), ATTACKER));
        assertEquals(AuthError.THROTTLED, refused.error());
        assertEquals(Duration.ofSeconds(2), refused.retryAfter());
        auth.login("demo", "demo-password-1".toCharArray(), VICTIM);
        auth.login("other", "other-password-1".toCharArray(), ATTACKER);
        clock.advance(Duration.ofSeconds(2));
        auth.login("demo", "demo-password-1".toCharArray(), ATTACKER);
        assertEquals(AuthError.THROTTLED, refusal(() -> auth.login("demo", "demo-password-1".toCharArray(), ATTACKER)),
                "one attempt per 2 s once the burst is spent");
    }

    @Test
    void loginWhenSomeoneFailsForAnAccountFromOneAddressThenTheOwnerStillLogsInFromAnother() {
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                .addUser("1", "admin", "Admin", "admin-password-1".toCharArray(), Set.of());
        auth = JwtAuth.builder().settings(Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "test"))
                .provider(new InMemoryStores(users)).pollManually(new ManualPolling()).build();
        for (String spelling : List.of("admin", "ADMIN", "ＡＤＭＩＮ", "Admin", "admin")) {
            assertEquals(AuthError.BAD_CREDENTIALS, refusal(() -> auth.login(spelling, "guess".toCharArray(), ATTACKER)));
        }
        assertEquals(AuthError.THROTTLED, refusal(() -> auth.login("admin", "admin-password-1".toCharArray(), ATTACKER)),
                "the attacker's address is blocked for the account");
        assertEquals("1", auth.login("admin", "admin-password-1".toCharArray(), VICTIM).userId(), "the owner is not locked out");
    }

    @Test
    void loginWhenManyAddressesFailPastTheAccountCeilingThenSlowedNeverBlockedFromAFreshAddress() {
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                .addUser("1", "admin", "Admin", "admin-password-1".toCharArray(), Set.of());
        auth = JwtAuth.builder().settings(Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "test",
                        "jwtauth.login.max-failures-per-account", "10"))
                .provider(new InMemoryStores(users)).pollManually(new ManualPolling()).build();
        for (int i = 0; i < 10; i++) {
            ClientInfo bot = new ClientInfo("192.0.2." + (i + 1), "bot");
            assertEquals(AuthError.BAD_CREDENTIALS, refusal(() -> auth.login("admin", "guess".toCharArray(), bot)));
        }
        ClientInfo usedBot = new ClientInfo("192.0.2.1", "bot");
        assertEquals(AuthError.THROTTLED, refusal(() -> auth.login("admin", "guess-2".toCharArray(), usedBot)),
                "past the ceiling an address with failures is refused");
        long started = System.nanoTime();
        assertEquals("1", auth.login("admin", "admin-password-1".toCharArray(), VICTIM).userId(), "never blocked from a clean address");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 1000, "but slowed");
    }

    @Test
    void maxWaitingWhenContainerThreadsKnownThenAQuarterByDefaultAndNeverOverHalf() {
        Map<String, String> base = Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "test");
        try (AuthService unknown = JwtAuth.builder().settings(base).provider(new InMemoryStores(new InMemoryIdentityStore(1000)))
                .pollManually(new ManualPolling()).build()) {
            assertEquals(50, unknown.settings().loginLimits().maxWaiting(), "well below any container's default pool of 200");
        }
        try (AuthService known = JwtAuth.builder().settings(base).containerThreads(200)
                .provider(new InMemoryStores(new InMemoryIdentityStore(1000))).pollManually(new ManualPolling()).build()) {
            assertEquals(50, known.settings().loginLimits().maxWaiting());
        }
        Map<String, String> tooMany = new HashMap<>(base);
        tooMany.put("jwtauth.login.max-waiting", "150");
        io.jwtauth.core.config.ConfigException refused = assertThrows(io.jwtauth.core.config.ConfigException.class,
                () -> JwtAuth.builder().settings(tooMany).containerThreads(200).provider(new InMemoryStores(new InMemoryIdentityStore(1000)))
                        .pollManually(new ManualPolling()).build());
        assertEquals("jwtauth.login.max-waiting", refused.key());
    }
}
