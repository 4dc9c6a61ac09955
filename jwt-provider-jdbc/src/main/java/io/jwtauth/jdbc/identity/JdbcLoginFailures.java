package io.jwtauth.jdbc.identity;

import io.jwtauth.core.spi.LoginFailureStore;
import io.jwtauth.jdbc.internal.Jdbc;
import io.jwtauth.jdbc.schema.Dialect;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Failed-login counts in {@code jwtauth_login_failures}, shared by every node. Each failure is one upsert that
 * either adds to the key's live window or starts a new one; windows are judged on the database's clock, so node
 * clocks do not matter. Thread-safe.
 */
public final class JdbcLoginFailures implements LoginFailureStore {
    private final Jdbc jdbc;
    private final Dialect dialect;
    private final String record;

    public JdbcLoginFailures(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        String now = dialect.utcNow();
        String live = "window_start > " + dialect.utcNowMinusMillis("windowMillis");
        this.record = switch (dialect) {
            case POSTGRESQL -> "INSERT INTO jwtauth_login_failures AS f (failure_key, window_start, failures) VALUES (:key, " + now + ", 1) "
                    + "ON CONFLICT (failure_key) DO UPDATE SET "
                    + "failures = CASE WHEN f." + live + " THEN f.failures + 1 ELSE 1 END, "
                    + "window_start = CASE WHEN f." + live + " THEN f.window_start ELSE " + now + " END";
            // MariaDB applies the assignments in order: window_start sees the new count (1 means a new window).
            case MARIADB -> "INSERT INTO jwtauth_login_failures (failure_key, window_start, failures) VALUES (:key, " + now + ", 1) "
                    + "ON DUPLICATE KEY UPDATE failures = IF(" + live + ", failures + 1, 1), "
                    + "window_start = IF(failures = 1, " + now + ", window_start)";
            case H2 -> "MERGE INTO jwtauth_login_failures f USING (VALUES (CAST(:key AS CHAR(32)))) s(k) ON f.failure_key = s.k "
                    + "WHEN MATCHED THEN UPDATE SET failures = CASE WHEN f." + live + " THEN f.failures + 1 ELSE 1 END, "
                    + "window_start = CASE WHEN f." + live + " THEN f.window_start ELSE " + now + " END "
                    + "WHEN NOT MATCHED THEN INSERT (failure_key, window_start, failures) VALUES (s.k, " + now + ", 1)";
        };
    }

    /** Whether the table exists (a schema from before it was added does not have it). */
    public static boolean available(Jdbc jdbc) {
        try {
            jdbc.probe(handle -> handle.createQuery("SELECT COUNT(*) FROM jwtauth_login_failures WHERE 1 = 0")
                    .mapTo(Long.class).one());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void recordFailures(Collection<String> keys, Duration window) {
        // One transaction (one commit, not one per key), the keys in one order so that concurrent failures lock alike.
        List<String> ordered = keys.stream().sorted().distinct().toList();
        jdbc.inTransaction(handle -> {
            for (String key : ordered) {
                upsert(handle, key, window);
            }
            return null;
        });
    }

    /**
     * One failure for {@code key}. PostgreSQL's and MariaDB's upserts are atomic; H2's {@code MERGE} is not: two first
     * failures of one key can both take the insert branch, and the second then fails on the primary key. It is
     * retried once, when the row exists and the update branch counts it.
     */
    private void upsert(Handle handle, String key, Duration window) {
        try {
            handle.createUpdate(record).bind("key", key).bind("windowMillis", window.toMillis()).execute();
        } catch (StatementException e) {
            if (dialect != Dialect.H2 || !"23505".equals(Jdbc.sqlState(e))) {
                throw e;
            }
            handle.createUpdate(record).bind("key", key).bind("windowMillis", window.toMillis()).execute();
        }
    }

    @Override
    public Map<String, Count> read(Collection<String> keys, Duration window) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, Count> counts = new HashMap<>();
        jdbc.withHandle(handle -> handle.createQuery("SELECT failure_key, failures, window_start, " + dialect.utcNow()
                        + " AS db_now FROM jwtauth_login_failures WHERE failure_key IN (<keys>)")
                .bindList("keys", List.copyOf(keys))
                .map((rs, context) -> {
                    long remaining = Duration.between(rs.getObject("db_now", LocalDateTime.class),
                            rs.getObject("window_start", LocalDateTime.class).plus(window)).toMillis();
                    if (remaining > 0 && rs.getInt("failures") > 0) {
                        counts.put(rs.getString("failure_key"), new Count(rs.getInt("failures"), (remaining + 999) / 1000));
                    }
                    return remaining;
                })
                .list());
        return counts;
    }
}
