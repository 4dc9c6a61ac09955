package io.jwtauth.jdbc.sessions;

import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.jdbc.internal.Jdbc;
import io.jwtauth.jdbc.schema.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * Sessions in {@code jwtauth_sessions}, and the revocation feed in {@code jwtauth_session_changes}.
 *
 * <p>Every renewal and revocation is one short transaction: the conditional {@code UPDATE} (for a renewal, the
 * compare-and-set), then the feed row, whose key the database assigns. The feed row is the last statement, so
 * the time between taking a key and committing is one statement and the commit; statement timeouts (and on
 * PostgreSQL and MariaDB, the server's idle-in-transaction timeout on jwtauth's own pool) bound it, which is
 * what {@link #maxCommitDelay()} reports. Thread-safe.
 */
public final class JdbcSessionStore implements SessionStore {
    private static final String COLUMNS = "session_id, user_id, renewal_hash, superseded_hashes, superseded_at, generation, "
            + "access_token_id, credential_digest, created_at, renewed_at, renewal_deadline, revoked_at, client_address, user_agent";
    /** Ranges per feed statement: keeps the statement small when many holes are open. */
    private static final int RANGES_PER_STATEMENT = 64;
    /** Sessions revoked per statement by {@link #revokeOldest}. */
    private static final int IDS_PER_STATEMENT = 500;

    private final Jdbc jdbc;
    private final Dialect dialect;
    private final Duration maxCommitDelay;
    private final ChangeSignal signal;
    private final boolean purgeLoginFailures;

    /**
     * @param statementTimeout   the timeout set on every statement; the feed waits {@code 4×} this for a hole
     * @param signal             told after every committed change (PostgreSQL's NOTIFY), or {@link ChangeSignal#NONE}
     * @param purgeLoginFailures whether {@link #purgeExpired} also deletes old rows of {@code jwtauth_login_failures}
     */
    public JdbcSessionStore(Jdbc jdbc, Dialect dialect, Duration statementTimeout, ChangeSignal signal, boolean purgeLoginFailures) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.purgeLoginFailures = purgeLoginFailures;
        // Two statements and a commit, each bounded by the timeout, with as much again for the server's own pauses.
        this.maxCommitDelay = statementTimeout.multipliedBy(4);
        this.signal = signal;
    }

    @Override
    public void create(SessionRecord session) {
        jdbc.withHandle(handle -> handle.createUpdate("INSERT INTO jwtauth_sessions (" + COLUMNS + ") VALUES "
                        + "(:sessionId, :userId, :renewalHash, :superseded, :supersededAt, :generation, :accessTokenId, "
                        + ":credentialDigest, :createdAt, :renewedAt, :renewalDeadline, :revokedAt, :clientAddress, :userAgent)")
                .bind("sessionId", session.sessionId())
                .bind("userId", session.userId())
                .bind("renewalHash", session.renewalHash())
                .bind("superseded", String.join(",", session.supersededHashes()))
                .bind("supersededAt", Jdbc.toDb(session.supersededAt()))
                .bind("generation", session.generation())
                .bind("accessTokenId", session.accessTokenId())
                .bind("credentialDigest", session.credentialDigest())
                .bind("createdAt", Jdbc.toDb(session.createdAt()))
                .bind("renewedAt", Jdbc.toDb(session.renewedAt()))
                .bind("renewalDeadline", Jdbc.toDb(session.renewalDeadline()))
                .bind("revokedAt", Jdbc.toDb(session.revokedAt()))
                .bind("clientAddress", truncate(session.clientAddress(), 64))
                .bind("userAgent", truncate(session.userAgent(), 256))
                .execute());
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        return jdbc.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM jwtauth_sessions WHERE session_id = :sessionId")
                .bind("sessionId", sessionId)
                .map((rs, context) -> row(rs))
                .findOne());
    }

    @Override
    public boolean replaceRenewal(RenewalUpdate update) {
        // superseded_at is the database's time: every node judges renewal races on this one clock.
        boolean replaced = updateAndRecord("UPDATE jwtauth_sessions SET renewal_hash = :newHash, "
                        + "superseded_hashes = :superseded, superseded_at = " + dialect.utcNow() + ", generation = generation + 1, "
                        + "access_token_id = :accessTokenId, renewed_at = :at "
                        + "WHERE session_id = :sessionId AND generation = :generation AND renewal_hash = :expectedHash "
                        + "AND revoked_at IS NULL",
                statement -> statement
                        .bind("newHash", update.newRenewalHash())
                        .bind("superseded", String.join(",", update.supersededHashes()))
                        .bind("accessTokenId", update.newAccessTokenId())
                        .bind("sessionId", update.sessionId())
                        .bind("generation", update.expectedGeneration())
                        .bind("expectedHash", update.expectedRenewalHash()),
                update.now(), "session_id = :key", update.sessionId()) == 1;
        if (replaced) {
            signal.changed();
        }
        return replaced;
    }

    @Override
    public boolean revoke(String sessionId, Instant at) {
        boolean revoked = updateAndRecord("UPDATE jwtauth_sessions SET revoked_at = :at "
                        + "WHERE session_id = :sessionId AND revoked_at IS NULL",
                statement -> statement.bind("sessionId", sessionId), at, "session_id = :key", sessionId) == 1;
        if (revoked) {
            signal.changed();
        }
        return revoked;
    }

    @Override
    public int revokeAllForUser(String userId, Instant at) {
        // The rows this statement revoked are locked by its transaction; a session revoked elsewhere at the same
        // instant gets a second feed row, which is harmless.
        int revoked = updateAndRecord("UPDATE jwtauth_sessions SET revoked_at = :at "
                        + "WHERE user_id = :userId AND revoked_at IS NULL",
                statement -> statement.bind("userId", userId), at, "user_id = :key AND revoked_at = :at", userId);
        if (revoked > 0) {
            signal.changed();
        }
        return revoked;
    }

    @Override
    public int revokeOldest(String userId, int keepNewest, Instant at) {
        // Typically empty: one indexed read of the user's live sessions per login, outside any transaction (no
        // BEGIN and COMMIT round trips). Bounded, so a huge backlog is trimmed over several logins.
        List<String> ids = jdbc.withHandle(handle -> handle.createQuery("SELECT session_id FROM jwtauth_sessions "
                        + "WHERE user_id = :userId AND revoked_at IS NULL ORDER BY created_at DESC, session_id DESC LIMIT :limit OFFSET :keep")
                .bind("userId", userId).bind("keep", keepNewest).bind("limit", IDS_PER_STATEMENT * 20)
                .mapTo(String.class).list());
        if (ids.isEmpty()) {
            return 0;
        }
        // The updates re-check revoked_at: a session revoked meanwhile elsewhere is neither counted nor fed twice.
        int revoked = jdbc.inTransaction(handle -> {
            int rows = 0;
            for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT));
                rows += updateAndRecordIn(handle, "UPDATE jwtauth_sessions SET revoked_at = :at WHERE session_id IN (<ids>) "
                        + "AND revoked_at IS NULL", chunk, at);
            }
            return rows;
        });
        if (revoked > 0) {
            signal.changed();
        }
        return revoked;
    }

    /** One chunk of {@link #revokeOldest}: the update, and a feed row for each session it changed. */
    private int updateAndRecordIn(Handle handle, String update, List<String> ids, Instant at) {
        int rows = handle.createUpdate(update).bind("at", Jdbc.toDb(at)).bindList("ids", ids).execute();
        if (rows > 0) {
            handle.createUpdate("INSERT INTO jwtauth_session_changes (session_id, changed_at) SELECT session_id, " + dialect.utcNow()
                            + " FROM jwtauth_sessions WHERE session_id IN (<ids>) AND revoked_at = :at")
                    .bindList("ids", ids).bind("at", Jdbc.toDb(at)).execute();
        }
        return rows;
    }

    @Override
    public long latestChangeKey() {
        return jdbc.withHandle(handle -> handle.createQuery("SELECT COALESCE(MAX(change_id), 0) FROM jwtauth_session_changes")
                .mapTo(Long.class).one());
    }

    @Override
    public List<SessionChange> changesAfter(long afterKey, int limit) {
        return jdbc.withHandle(handle -> handle.createQuery("SELECT change_id, session_id FROM jwtauth_session_changes "
                        + "WHERE change_id > :after ORDER BY change_id LIMIT :limit")
                .bind("after", afterKey).bind("limit", limit)
                .map((rs, context) -> new SessionChange(rs.getLong(1), rs.getString(2)))
                .list());
    }

    @Override
    public List<SessionChange> changesIn(List<KeyRange> ranges, int limit) {
        List<SessionChange> found = new ArrayList<>();
        for (int from = 0; from < ranges.size() && found.size() < limit; from += RANGES_PER_STATEMENT) {
            List<KeyRange> chunk = ranges.subList(from, Math.min(ranges.size(), from + RANGES_PER_STATEMENT));
            int remaining = limit - found.size();
            found.addAll(jdbc.withHandle(handle -> rangeQuery(handle, chunk, remaining)
                    .map((rs, context) -> new SessionChange(rs.getLong(1), rs.getString(2)))
                    .list()));
        }
        return found;
    }

    private static Query rangeQuery(Handle handle, List<KeyRange> ranges, int limit) {
        StringBuilder sql = new StringBuilder("SELECT change_id, session_id FROM jwtauth_session_changes WHERE ");
        for (int i = 0; i < ranges.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("change_id BETWEEN :f").append(i).append(" AND :l").append(i);
        }
        Query query = handle.createQuery(sql.append(" ORDER BY change_id LIMIT :limit").toString()).bind("limit", limit);
        for (int i = 0; i < ranges.size(); i++) {
            query.bind("f" + i, ranges.get(i).first()).bind("l" + i, ranges.get(i).last());
        }
        return query;
    }

    @Override
    public Instant currentTime() {
        return jdbc.withHandle(handle -> Jdbc.fromDb(handle.createQuery("SELECT " + dialect.utcNow())
                .mapTo(LocalDateTime.class).one()));
    }

    @Override
    public Duration maxCommitDelay() {
        return maxCommitDelay;
    }

    @Override
    public AutoCloseable onChanges(Runnable wake) {
        return signal.subscribe(wake);
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbc.inTransaction(handle -> {
            handle.createUpdate("DELETE FROM jwtauth_session_changes WHERE changed_at < :before")
                    .bind("before", Jdbc.toDb(before)).execute();
            // Windows last a day at most: older failure counts are dead. (Compared with the store's clock there.)
            if (purgeLoginFailures) {
                handle.createUpdate("DELETE FROM jwtauth_login_failures WHERE window_start < :before")
                        .bind("before", Jdbc.toDb(before)).execute();
            }
            // Revoked sessions go a day after their revocation, not when their deadline passes: a node that loads one
            // later finds no session and refuses it all the same, and a user's revoked history never slows a login.
            return handle.createUpdate("DELETE FROM jwtauth_sessions WHERE renewal_deadline < :before OR revoked_at < :before")
                    .bind("before", Jdbc.toDb(before)).execute();
        });
    }

    /**
     * Runs {@code update} and writes a feed row for each session it changed, atomically. On PostgreSQL that is
     * one statement ({@code WITH … UPDATE … RETURNING} feeding the insert): one round trip, and nothing between
     * taking a feed key and committing. Elsewhere it is a transaction of the update and an
     * {@code INSERT … SELECT} of the rows it changed, found by {@code changedRows} (binding {@code :key}, and
     * {@code :at} where it names it); the update's row locks keep them as it left them. Returns the number of sessions changed.
     */
    private int updateAndRecord(String update, UnaryOperator<Update> binder, Instant at, String changedRows, String key) {
        if (dialect == Dialect.POSTGRESQL) {
            return jdbc.withHandle(handle -> binder.apply(handle.createUpdate("WITH changed AS (" + update
                            + " RETURNING session_id) INSERT INTO jwtauth_session_changes (session_id, changed_at) "
                            + "SELECT session_id, " + dialect.utcNow() + " FROM changed"))
                    .bind("at", Jdbc.toDb(at)).execute());
        }
        return jdbc.inTransaction(handle -> {
            int rows = binder.apply(handle.createUpdate(update)).bind("at", Jdbc.toDb(at)).execute();
            if (rows > 0) {
                Update insert = handle.createUpdate("INSERT INTO jwtauth_session_changes (session_id, changed_at) "
                        + "SELECT session_id, " + dialect.utcNow() + " FROM jwtauth_sessions WHERE " + changedRows).bind("key", key);
                if (changedRows.contains(":at")) {
                    insert.bind("at", Jdbc.toDb(at));
                }
                insert.execute();
            }
            return rows;
        });
    }

    private static SessionRecord row(ResultSet rs) throws SQLException {
        String superseded = rs.getString("superseded_hashes");
        return new SessionRecord(rs.getString("session_id"), rs.getString("user_id"), rs.getString("renewal_hash"),
                superseded == null || superseded.isEmpty() ? List.of() : Arrays.asList(superseded.split(",")),
                time(rs, "superseded_at"), rs.getLong("generation"), rs.getString("access_token_id"),
                rs.getString("credential_digest"), time(rs, "created_at"), time(rs, "renewed_at"),
                time(rs, "renewal_deadline"), time(rs, "revoked_at"), rs.getString("client_address"), rs.getString("user_agent"));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        return Jdbc.fromDb(rs.getObject(column, LocalDateTime.class));
    }

    private static String truncate(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
