package io.jwtauth.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live. Storage only: core decides what to write and when.
 *
 * <p>Implementations must be thread-safe, and safe to share between nodes (several servers on one
 * database). They throw {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface SessionStore {
    /** Stores a new session. */
    void create(SessionRecord session);

    /** The session with this id, revoked or not; empty when there is none. */
    Optional<SessionRecord> find(String sessionId);

    /**
     * Applies {@code update} atomically if and only if the session is live and still has the expected
     * generation and renewal hash (compare-and-set), and records a change. Of several concurrent calls
     * with the same expectation, exactly one returns {@code true}.
     */
    boolean replaceRenewal(RenewalUpdate update);

    /** Ends one session (if live) and records a change. Returns whether it was live. */
    boolean revoke(String sessionId, Instant at);

    /** Ends every live session of a user and records a change for each. Returns how many. */
    int revokeAllForUser(String userId, Instant at);

    /**
     * Sessions renewed or revoked at or after {@code since}, oldest first, at most {@code limit}. Nodes poll
     * this with an overlapping window and skip keys they have applied, so late commits are not missed.
     */
    List<SessionChange> changesSince(Instant since, int limit);

    /** Deletes sessions whose renewal deadline passed before {@code before}. Returns how many. */
    int purgeExpired(Instant before);
}
