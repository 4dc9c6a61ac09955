package io.jwtauth.benchmarks;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Login cost against a user's revoked history (#29, item 8): the user already has 0, 100,000 and 500,000 revoked
 * sessions (revoked just now, so no purge has removed them), and each round times {@code logins} logins of that user
 * (the session cap reads the user's live sessions at every login). Prints the median and p99 per history size, and
 * the statements per login. Cheap argon2id parameters, so that the database part is what is measured; fewer logins
 * per round than the session cap (100), so that the cap's own revocations are not in the figures. Usage:
 * {@code java -cp benchmarks/target/benchmarks.jar io.jwtauth.benchmarks.LoginVsRevokedHistory [jdbc-url] [logins]}.
 */
public final class LoginVsRevokedHistory {
    private LoginVsRevokedHistory() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:h2:mem:history;DB_CLOSE_DELAY=-1";
        int logins = args.length > 1 ? Integer.parseInt(args[1]) : 80;
        if (!url.startsWith("jdbc:h2:")) {
            BenchDatabase.reset(url);
        }
        Map<String, String> raw = new HashMap<>();
        raw.put("jwtauth.key.secret", "history-secret-0123456789abcdef0123");
        raw.put("jwtauth.issuer", "history");
        raw.put("jwtauth.jdbc.url", url);
        raw.put("jwtauth.jdbc.schema.create", "true");
        raw.put("jwtauth.jdbc.password.argon2.memory-kib", "8192");
        raw.put("jwtauth.jdbc.password.argon2.iterations", "1");
        raw.put("jwtauth.login.attempts-burst", "100000");
        try (JdbcStores stores = JdbcStores.create(Settings.of(raw));
             AuthService auth = JwtAuth.builder().settings(raw).provider(stores).build()) {
            String userId = stores.users().createUser("alice", "Alice", "alice-password-1".toCharArray(), Set.of());
            System.out.printf("%s, %d logins per size%n", url.replaceAll("[?;].*", ""), logins);
            System.out.printf("%-18s %10s %10s %12s%n", "revoked sessions", "p50", "p99", "statements");
            int inserted = 0;
            for (int size : new int[] {0, 100_000, 500_000}) {
                insertRevoked(url, userId, inserted, size - inserted);
                inserted = size;
                long[] times = new long[logins];
                ClientInfo client = new ClientInfo("198.51.100.7", "history/1.0");
                for (int i = 0; i < 10; i++) {
                    auth.login("alice", "alice-password-1".toCharArray(), client); // warm-up
                }
                long statementsBefore = stores.statementCount();
                for (int i = 0; i < logins; i++) {
                    long start = System.nanoTime();
                    auth.login("alice", "alice-password-1".toCharArray(), client);
                    times[i] = System.nanoTime() - start;
                }
                long statements = stores.statementCount() - statementsBefore;
                Arrays.sort(times);
                System.out.printf("%-18d %7.2f ms %7.2f ms %12.1f%n", size, Percentiles.of(times, 0.50) / 1e6,
                        Percentiles.of(times, 0.99) / 1e6, (double) statements / logins);
                // Keep the user under the session cap between rounds: the cap's own revocations are not measured.
                stores.sessionStore().revokeAllForUser(userId, Instant.now());
            }
        }
    }

    /** {@code count} sessions of the user, revoked now, written in batches as fast as the database takes them. */
    private static void insertRevoked(String url, String userId, int offset, int count) throws Exception {
        if (count <= 0) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp deadline = Timestamp.from(Instant.now().plusSeconds(14 * 86_400));
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jwtauth_sessions (session_id, user_id, "
                    + "renewal_hash, superseded_hashes, generation, access_token_id, credential_digest, created_at, renewal_deadline, "
                    + "revoked_at) VALUES (?, ?, 'h', '', 0, 'j', 'c', ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    insert.setString(1, "revoked-" + (offset + i));
                    insert.setString(2, userId);
                    insert.setTimestamp(3, now);
                    insert.setTimestamp(4, deadline);
                    insert.setTimestamp(5, now);
                    insert.addBatch();
                    if (i % 5000 == 4999) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
    }
}
