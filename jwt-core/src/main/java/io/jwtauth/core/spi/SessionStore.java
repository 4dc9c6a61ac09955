package io.jwtauth.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live. Storage only: core decides what to write and when.
 *
 * <p>Implementations must be thread-safe, and safe to share between nodes (several servers on one
 * database). They throw {@link StoreUnavailableException} when the store cannot be reached or a call timed
 * out.
 *
 * <p><b>The change feed.</b> Every renewal and revocation records a {@link SessionChange} in the same atomic
 * step (the same transaction) as the session change itself, under a key the store assigns and that only grows.
 * Nodes page through the feed by key, never by time, so nothing depends on the nodes' clocks. A key may become
 * visible after a higher one (commit order differs from key order); {@link #maxCommitDelay()} bounds for how
 * long, and readers wait that long for a hole to fill before they give up on it. A store that may lose changes (a
 * restart that emptied it) reports that as one change of {@link SessionChange#EVERY_SESSION}: every node then forgets
 * what it cached and starts reading again from {@link #latestChangeKey()}.
 */
public interface SessionStore {
    /** Stores a new session. */
    void create(SessionRecord session);

    /** The session with this id, revoked or not; empty when there is none. */
    Optional<SessionRecord> find(String sessionId);

    /**
     * Applies {@code update} atomically if and only if the session is live and still has the expected
     * generation and renewal hash (compare-and-set), and records a change. Of several concurrent calls
     * with the same expectation, exactly one returns {@code true}. The stored {@code supersededAt} is the
     * store's own time ({@link #currentTime()}), so that every node judges renewal races on one clock.
     */
    boolean replaceRenewal(RenewalUpdate update);

    /** Ends one session (if live) and records a change. Returns whether it was live. */
    boolean revoke(String sessionId, Instant at);

    /** Ends every live session of a user and records a change for each. Returns how many. */
    int revokeAllForUser(String userId, Instant at);

    /**
     * Ends the user's live sessions except the {@code keepNewest} most recently created, recording a change
     * for each. Returns how many were ended. Bounds what one account can make the store hold.
     */
    int revokeOldest(String userId, int keepNewest, Instant at);

    /** The greatest change key recorded so far, or 0 when there is none: where a new reader starts. */
    long latestChangeKey();

    /** Changes with a key greater than {@code afterKey}, in key order, at most {@code limit}. */
    List<SessionChange> changesAfter(long afterKey, int limit);

    /** Changes whose keys fall in any of {@code ranges} (holes a reader is waiting on), in key order, at most {@code limit}. */
    List<SessionChange> changesIn(List<KeyRange> ranges, int limit);

    /** The store's clock: the database's time for a shared store. Renewal races are judged on it. */
    Instant currentTime();

    /**
     * How long after taking its key a change may still become visible: the store's bound on a write's
     * transaction time, enforced by timeouts it sets. Zero when keys become visible in order.
     */
    default Duration maxCommitDelay() {
        return Duration.ZERO;
    }

    /**
     * Optional push: calls {@code wake} (on any thread, possibly spuriously) soon after any node records a
     * change, so readers need not wait for their next poll. Polling stays the guarantee. Closing the result
     * stops the calls. The default pushes nothing.
     */
    default AutoCloseable onChanges(Runnable wake) {
        return () -> { };
    }

    /**
     * Deletes sessions whose renewal deadline passed, or that were revoked, before {@code before} (a time on the
     * store's own clock), and feed entries recorded before it. Returns how many sessions were deleted.
     */
    int purgeExpired(Instant before);
}
