package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session state for the flow, write-through: every {@link SessionStore} call of the request path is made here
 * (through {@link StoreCalls}, so a store failure becomes {@code unavailable} in one place), and this node's
 * cache is updated with what was written. A known, live session costs no store query; a session the node has
 * not seen is read once; a session renewed or revoked on any node is dropped from the cache when the
 * {@link ChangeFeed} reports it, and read again when next needed. Unknown sessions are cached too (negatively),
 * within the same size bound.
 *
 * <p>Writes cannot resurrect an invalidated state: every cache write carries the invalidation count read
 * before the store call it reflects, and is withdrawn if the feed invalidated anything since. Entries also
 * expire {@code ttl} after they were written, as defence in depth against a change the feed never delivered.
 *
 * <p>Thread-safe.
 */
final class Sessions {
    /**
     * What the request path needs of a session, and all this node caches of it: its ids and whether it ended
     * (about 24 bytes beside the ids, which the verified-token cache shares; the whole record took ten times
     * that). Renewal and logout read the whole record from the store.
     */
    record State(String sessionId, String userId, String accessTokenId, boolean revoked) {
        /** Cached for a session id the store does not know. */
        static final State UNKNOWN = new State(null, null, null, true);

        /** {@code session}'s state, with {@code sessionId}'s instance (the cache key) for its id. */
        static State of(SessionRecord session, String sessionId) {
            String id = session.sessionId().equals(sessionId) ? sessionId : session.sessionId();
            return new State(id, session.userId(), session.accessTokenId(), session.isRevoked());
        }

        boolean isLive() {
            return this != UNKNOWN && !revoked;
        }
    }

    private final SessionStore store;
    private final Cache<String, State> cache;
    private final AtomicLong storeReads = new AtomicLong();
    /** Bumped before every invalidation; see the class comment. */
    private final AtomicLong invalidations = new AtomicLong();

    Sessions(SessionStore store, Clock clock, int maximumSize, Duration ttl) {
        this.store = store;
        // Maintenance on the caller: a pool thread woken per write costs more than the work (measured in #7).
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize)
                .expireAfterWrite(ttl).ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .recordStats().build();
    }

    // ------------------------------------------------------------------------------------------------
    // Reads

    /** The invalidation count; read it before a read whose result a later write will be derived from. */
    long version() {
        return invalidations.get();
    }

    /** The session's state, from the cache or (once) from the store: {@link State#UNKNOWN} when there is none. */
    State get(String sessionId) {
        State cached = cache.getIfPresent(sessionId);
        if (cached != null) {
            return cached;
        }
        long version = invalidations.get();
        Optional<SessionRecord> found = read(sessionId);
        State fresh = found.isPresent() ? State.of(found.get(), sessionId) : State.UNKNOWN;
        put(sessionId, fresh, version);
        return fresh;
    }

    /** The whole session read from the store now, refreshing the cache (for renewal and logout). */
    Optional<SessionRecord> reload(String sessionId) {
        long version = invalidations.get();
        Optional<SessionRecord> found = read(sessionId);
        put(sessionId, found.isPresent() ? State.of(found.get(), sessionId) : State.UNKNOWN, version);
        return found;
    }

    private Optional<SessionRecord> read(String sessionId) {
        storeReads.incrementAndGet();
        return StoreCalls.call(() -> store.find(sessionId));
    }

    /** The store's own time, for judgements against times the store stamped. */
    Instant storeTime() {
        return StoreCalls.call(store::currentTime);
    }

    // ------------------------------------------------------------------------------------------------
    // Writes, each remembered on this node

    void open(SessionRecord session) {
        long version = invalidations.get();
        StoreCalls.run(() -> store.create(session));
        put(session.sessionId(), State.of(session, session.sessionId()), version);
    }

    void revoke(SessionRecord session, Instant now) {
        long version = invalidations.get();
        StoreCalls.run(() -> store.revoke(session.sessionId(), now));
        putRevoked(session, version);
    }

    /** Ends every session of {@code session}'s user; this node's copies end now, other nodes hear it from the feed. */
    int revokeAllOfUser(SessionRecord session, Instant now) {
        long version = invalidations.get();
        int ended = StoreCalls.call(() -> store.revokeAllForUser(session.userId(), now));
        invalidateUser(session.userId());
        putRevoked(session, version);
        return ended;
    }

    /** Ends every session of {@code userId} (no session of theirs at hand); returns how many ended. */
    int revokeAllOfUser(String userId, Instant now) {
        int ended = StoreCalls.call(() -> store.revokeAllForUser(userId, now));
        invalidateUser(userId);
        return ended;
    }

    /** Ends the user's oldest sessions beyond {@code max}; returns how many ended. */
    int revokeOldest(String userId, int max, Instant now) {
        return StoreCalls.call(() -> store.revokeOldest(userId, max, now));
    }

    /**
     * The compare-and-set of a renewal. On success the renewed state is remembered; on failure the cached state
     * is dropped.
     *
     * @param versionBeforeRead {@link #version()} from before {@code session} was read: the renewed state is
     *                          derived from that read, so an invalidation since then withdraws it
     */
    boolean renew(SessionRecord session, RenewalUpdate update, Instant now, long versionBeforeRead) {
        long version = versionBeforeRead;
        if (!StoreCalls.call(() -> store.replaceRenewal(update))) {
            cache.invalidate(session.sessionId());
            return false;
        }
        put(session.sessionId(), new State(session.sessionId(), session.userId(), update.newAccessTokenId(), false), version);
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Invalidation, from the feed

    /** The feed reports a change: drop what this node holds. */
    void invalidate(String sessionId) {
        invalidations.incrementAndGet();
        cache.invalidate(sessionId);
    }

    /** Drops every cached session of {@code userId}: a scan of this node's cache, bounded by its size. */
    void invalidateUser(String userId) {
        invalidations.incrementAndGet();
        cache.asMap().values().removeIf(state -> userId.equals(state.userId()));
    }

    void invalidateAll() {
        invalidations.incrementAndGet();
        cache.invalidateAll();
    }

    private void putRevoked(SessionRecord session, long version) {
        put(session.sessionId(), new State(session.sessionId(), session.userId(), session.accessTokenId(), true), version);
    }

    private void put(String sessionId, State state, long version) {
        cache.put(sessionId, state);
        // An invalidation since the store call may concern this session and may have run before the put.
        if (invalidations.get() != version) {
            cache.invalidate(sessionId);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Metrics

    long size() {
        return cache.estimatedSize();
    }

    double hitRate() {
        return cache.stats().hitRate();
    }

    long storeReads() {
        return storeReads.get();
    }
}
