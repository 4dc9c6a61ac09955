package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An outside review (#29, item 3): only unknown names were padded to the slowest hash cost, so a known user with
 * a cheaper legacy hash answered a wrong password faster than anyone else, and every migrated user stood out until
 * their first login. Every refused login now costs the slowest format measured. Medians of interleaved samples.
 */
class LegacyUsersTimingIT {
    private static final int SAMPLES = 21;
    /** Rounds first, unmeasured: the JIT, the pool and the formats' cost estimates settle. */
    private static final int WARM_UP = 6;

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenRefusedForALegacyUserAnArgon2UserOrAnUnknownNameThenMediansWithinAQuarter(TestDatabases database) throws Exception {
        String url = database.url();
        TestDatabases.dropTables(url);
        // The production argon2id cost, not the tests' cheap one: what a real deployment's timing shows.
        var settings = TestDatabases.settings(url, Map.of("jwtauth.login.max-failures-per-user", "1000",
                "jwtauth.login.max-failures-per-address", "100000", "jwtauth.login.max-failures-per-account", "100000",
                "jwtauth.jdbc.password.argon2.memory-kib", Integer.toString(PasswordHashing.DEFAULT_MEMORY_KIB),
                "jwtauth.jdbc.password.argon2.iterations", Integer.toString(PasswordHashing.DEFAULT_ITERATIONS)));
        try (JdbcStores setup = JdbcStores.create(settings)) {
            setup.users().createUser("modern", "Modern", "modern-password-1".toCharArray(), Set.of());
            String legacy = setup.users().createUser("legacy", "Legacy", "unused".toCharArray(), Set.of());
            // A migrated user whose hash is far cheaper than argon2id: bcrypt at cost 4.
            try (Connection connection = DriverManager.getConnection(url);
                 PreparedStatement update = connection.prepareStatement("UPDATE jwtauth_users SET password_hash = ? WHERE user_id = ?")) {
                update.setString(1, BcryptFunction.getInstance(Bcrypt.B, 4).hash("legacy-password-1").getResult());
                update.setString(2, legacy);
                update.executeUpdate();
            }
        }
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).pollManually(new ManualPolling()).build()) {
            long[] unknown = new long[SAMPLES];
            long[] legacy = new long[SAMPLES];
            long[] modern = new long[SAMPLES];
            for (int i = 0; i < WARM_UP; i++) {
                ClientInfo client = new ClientInfo("192.0.2." + (i + 1), "warm-up");
                DormantUsersTimingIT.timeRefusal(auth, "nobody-warm-" + i, client);
                DormantUsersTimingIT.timeRefusal(auth, "legacy", client);
                DormantUsersTimingIT.timeRefusal(auth, "modern", client);
            }
            for (int i = 0; i < SAMPLES; i++) {
                // A fresh address per sample: the attempt buckets stay out of the measurement.
                // The order turns, so that none of the three is always the first failure of its address.
                ClientInfo client = new ClientInfo("198.51.100." + (i + 1), "timing");
                for (int turn = 0; turn < 3; turn++) {
                    switch ((i + turn) % 3) {
                        case 0 -> unknown[i] = DormantUsersTimingIT.timeRefusal(auth, "nobody-" + i, client);
                        case 1 -> legacy[i] = DormantUsersTimingIT.timeRefusal(auth, "legacy", client);
                        default -> modern[i] = DormantUsersTimingIT.timeRefusal(auth, "modern", client);
                    }
                }
            }
            double legacyRatio = DormantUsersTimingIT.median(legacy) / DormantUsersTimingIT.median(modern);
            double unknownRatio = DormantUsersTimingIT.median(unknown) / DormantUsersTimingIT.median(modern);
            System.out.printf("timing (%s): refused logins, medians: legacy bcrypt-4 user %.1f ms, argon2id user %.1f ms, unknown name %.1f ms;"
                    + " ratios %.2f and %.2f%n", database, DormantUsersTimingIT.median(legacy) / 1e6, DormantUsersTimingIT.median(modern) / 1e6, DormantUsersTimingIT.median(unknown) / 1e6,
                    legacyRatio, unknownRatio);
            assertTrue(legacyRatio >= 0.8 && legacyRatio <= 1.25, "legacy/argon2 ratio of medians " + legacyRatio);
            assertTrue(unknownRatio >= 0.8 && unknownRatio <= 1.25, "unknown/argon2 ratio of medians " + unknownRatio);
        }
    }
}
