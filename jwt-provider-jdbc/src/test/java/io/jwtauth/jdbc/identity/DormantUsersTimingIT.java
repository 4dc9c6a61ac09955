package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 5: the dummy check for an unknown name copied the cost of the last user found. Right after an
 * argon2 login, a dormant user with a costly bcrypt hash answered several times slower than an unknown name,
 * which told the names apart. Unknown names now cost what the slowest format in use costs, from the start.
 * Medians of interleaved samples, so that noise from a shared host cannot decide the outcome.
 */
class DormantUsersTimingIT {
    private static final int SAMPLES = 21;

    @Test
    void loginWhenUnknownNameOrDormantBcryptUserThenMediansWithinAQuarter() throws Exception {
        String url = TestDatabases.H2.url();
        var settings = TestDatabases.settings(url, Map.of("jwtauth.login.max-failures-per-user", "1000",
                "jwtauth.login.max-failures-per-address", "100000"));
        try (JdbcStores setup = JdbcStores.create(settings)) {
            setup.users().createUser("active", "Active", "active-password-1".toCharArray(), Set.of());
            String dormant = setup.users().createUser("dormant", "Dormant", "unused".toCharArray(), Set.of());
            // A legacy user who has not logged in since the upgrade to argon2id: bcrypt at cost 10.
            try (Connection connection = DriverManager.getConnection(url);
                 PreparedStatement update = connection.prepareStatement("UPDATE jwtauth_users SET password_hash = ? WHERE user_id = ?")) {
                update.setString(1, BcryptFunction.getInstance(Bcrypt.B, 10).hash("dormant-password-1").getResult());
                update.setString(2, dormant);
                update.executeUpdate();
            }
        }
        // A node that starts now: it has seen no bcrypt login.
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).pollManually(new ManualPolling()).build()) {
            ClientInfo client = ClientInfo.local();
            long[] unknown = new long[SAMPLES];
            long[] dormant = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                auth.login("active", "active-password-1".toCharArray(), client);
                unknown[i] = timeRefusal(auth, "nobody-" + i, client);
                dormant[i] = timeRefusal(auth, "dormant", client);
            }
            double ratio = median(unknown) / median(dormant);
            System.out.printf("timing: unknown name median %.1f ms, dormant bcrypt-10 user median %.1f ms, ratio %.2f%n",
                    median(unknown) / 1e6, median(dormant) / 1e6, ratio);
            assertTrue(ratio >= 0.8 && ratio <= 1.25, "ratio of medians " + ratio);
        }
    }

    /** How long a refused login took. */
    static long timeRefusal(AuthService auth, String name, ClientInfo client) {
        long start = System.nanoTime();
        assertThrows(AuthException.class, () -> auth.login(name, "wrong-password-1".toCharArray(), client));
        return System.nanoTime() - start;
    }

    static double median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
