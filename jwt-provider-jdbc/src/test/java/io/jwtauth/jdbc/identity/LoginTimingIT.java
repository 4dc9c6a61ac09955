package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An attacker timing logins must not learn which user names exist: the medians of "unknown user" and
 * "wrong password" are within 0.8–1.25 of each other. Both paths do the same work (one argon2id check
 * against a hash of the same cost), whatever the cost; a lighter cost than the default allows many more
 * samples, so that noise from a shared host cannot decide the outcome.
 */
class LoginTimingIT {
    private static final int SAMPLES = 101;

    @Test
    void loginWhenUnknownUserOrWrongPasswordThenMediansIndistinguishable() {
        String url = TestDatabases.H2.url();
        Map<String, String> raw = Map.of("jwtauth.jdbc.url", url, "jwtauth.jdbc.schema.create", "true",
                "jwtauth.key.secret", "timing-secret-0123456789abcdef0123", "jwtauth.issuer", "timing",
                "jwtauth.jdbc.password.argon2.memory-kib", "8192", "jwtauth.jdbc.password.argon2.iterations", "1",
                // Throttling off: a throttled login hashes nothing, and the medians would compare two refusals
                // that never reached the password check.
                "jwtauth.login.max-failures-per-user", "1000", "jwtauth.login.max-failures-per-address", "100000",
                "jwtauth.login.max-failures-per-account", "100000", "jwtauth.login.attempts-burst", "100000");
        Settings settings = Settings.of(raw);
        JdbcStores stores = JdbcStores.create(settings);
        stores.users().createUser("alice", "Alice", "correct-horse-battery".toCharArray(), Set.of("R"));
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            ClientInfo client = ClientInfo.local();
            for (int i = 0; i < 10; i++) { // warm-up: JIT, pool, dummy hash
                time(auth, "nobody-" + i, client);
                time(auth, "alice", client);
            }
            long[] unknown = new long[SAMPLES];
            long[] wrong = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) { // interleaved, so drift affects both alike
                unknown[i] = time(auth, "nobody-" + i, client);
                wrong[i] = time(auth, "alice", client);
            }
            double ratio = median(unknown) / (double) median(wrong);
            System.out.printf("[timing] median unknown user %.1f ms, wrong password %.1f ms, ratio %.3f (%d samples each)%n",
                    median(unknown) / 1e6, median(wrong) / 1e6, ratio, SAMPLES);
            assertTrue(ratio >= 0.8 && ratio <= 1.25, "ratio of medians " + ratio);
        }
    }

    private static long time(AuthService auth, String user, ClientInfo client) {
        long start = System.nanoTime();
        AuthException refused = assertThrows(AuthException.class, () -> auth.login(user, "wrong-password-123".toCharArray(), client));
        assertEquals(AuthError.BAD_CREDENTIALS, refused.error(), "a password check, not a throttled refusal");
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
