package io.jwtauth.jdbc.sessions;

import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.jdbc.internal.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Sessions in {@code jwtauth_sessions}. Every write is one statement: the renewal is a single conditional
 * {@code UPDATE} (the compare-and-set), and the table doubles as the change feed through its indexed
 * {@code changed_at} column, so renewal and revocation need no second write. Thread-safe.
 */
public final class JdbcSessionStore implements SessionStore {
    private static final String COLUMNS = "session_id, user_id, renewal_hash, superseded_hashes, superseded_at, generation, "
            + "access_token_id, credential_digest, created_at, renewed_at, renewal_deadline, revoked_at, client_address, user_agent";

    private final Jdbc jdbc;

    public JdbcSessionStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void create(SessionRecord session) {
        jdbc.withHandle(handle -> handle.createUpdate("INSERT INTO jwtauth_sessions (" + COLUMNS + ", changed_at) VALUES "
                        + "(:sessionId, :userId, :renewalHash, :superseded, :supersededAt, :generation, :accessTokenId, "
                        + ":credentialDigest, :createdAt, :renewedAt, :renewalDeadline, :revokedAt, :clientAddress, :userAgent, NULL)")
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
        int rows = jdbc.withHandle(handle -> handle.createUpdate("UPDATE jwtauth_sessions SET renewal_hash = :newHash, "
                        + "superseded_hashes = :superseded, superseded_at = :now, generation = generation + 1, "
                        + "access_token_id = :accessTokenId, renewed_at = :now, changed_at = :now "
                        + "WHERE session_id = :sessionId AND generation = :generation AND renewal_hash = :expectedHash "
                        + "AND revoked_at IS NULL")
                .bind("newHash", update.newRenewalHash())
                .bind("superseded", String.join(",", update.supersededHashes()))
                .bind("now", Jdbc.toDb(update.now()))
                .bind("accessTokenId", update.newAccessTokenId())
                .bind("sessionId", update.sessionId())
                .bind("generation", update.expectedGeneration())
                .bind("expectedHash", update.expectedRenewalHash())
                .execute());
        return rows == 1;
    }

    @Override
    public boolean revoke(String sessionId, Instant at) {
        return jdbc.withHandle(handle -> handle.createUpdate("UPDATE jwtauth_sessions SET revoked_at = :at, changed_at = :at "
                        + "WHERE session_id = :sessionId AND revoked_at IS NULL")
                .bind("at", Jdbc.toDb(at)).bind("sessionId", sessionId).execute()) == 1;
    }

    @Override
    public int revokeAllForUser(String userId, Instant at) {
        return jdbc.withHandle(handle -> handle.createUpdate("UPDATE jwtauth_sessions SET revoked_at = :at, changed_at = :at "
                        + "WHERE user_id = :userId AND revoked_at IS NULL")
                .bind("at", Jdbc.toDb(at)).bind("userId", userId).execute());
    }

    @Override
    public List<SessionChange> changesSince(Instant since, int limit) {
        return jdbc.withHandle(handle -> handle.createQuery("SELECT session_id, generation, revoked_at, changed_at "
                        + "FROM jwtauth_sessions WHERE changed_at >= :since ORDER BY changed_at LIMIT :limit")
                .bind("since", Jdbc.toDb(since))
                .bind("limit", limit)
                .map((rs, context) -> SessionChange.of(rs.getString("session_id"), rs.getLong("generation"),
                        rs.getObject("revoked_at", LocalDateTime.class) != null,
                        Jdbc.fromDb(rs.getObject("changed_at", LocalDateTime.class))))
                .list());
    }

    @Override
    public int purgeExpired(Instant before) {
        return jdbc.withHandle(handle -> handle.createUpdate("DELETE FROM jwtauth_sessions WHERE renewal_deadline < :before")
                .bind("before", Jdbc.toDb(before)).execute());
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
