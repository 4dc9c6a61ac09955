package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's cache of session state, kept fresh by the {@link ChangeFeed}: a known, live session costs no
 * store query; a session the node has not seen is read once; a session renewed or revoked on any node is
 * dropped from the cache when the feed reports it, and read again when next needed. Unknown sessions are
 * cached too (negatively), within the same size bound.
 *
 * <p>Writes cannot resurrect an invalidated state: every cache write carries the invalidation count read
 * before the store call it reflects, and is withdrawn if the feed invalidated anything since. Entries also
 * expire {@code ttl} after they were written, as defence in depth against a change the feed never delivered.
 *
 * <p>Thread-safe.
 */
final class SessionStates {
    /** Placeholder cached for a session id the store does not know. */
    private static final Optional<SessionRecord> UNKNOWN = Optional.empty();

    private final SessionStore store;
    private final Cache<String, Optional<SessionRecord>> cache;
    private final AtomicLong storeReads = new AtomicLong();
    /** Bumped before every invalidation; see the class comment. */
    private final AtomicLong invalidations = new AtomicLong();

    SessionStates(SessionStore store, Clock clock, int maximumSize, Duration ttl) {
        this.store = store;
        // Maintenance on the caller: a pool thread woken per write costs more than the work (measured in #7).
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize)
                .expireAfterWrite(ttl).ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .recordStats().build();
    }

    /** The count to pass to {@link #remember}, read before the store call whose result will be cached. */
    long version() {
        return invalidations.get();
    }

    /** The session, from the cache or (once) from the store. */
    Optional<SessionRecord> get(String sessionId) {
        Optional<SessionRecord> cached = cache.getIfPresent(sessionId);
        return cached != null ? cached : reload(sessionId);
    }

    /** The session read from the store now, refreshing the cache (for renewal checks). */
    Optional<SessionRecord> reload(String sessionId) {
        long version = version();
        Optional<SessionRecord> fresh = load(sessionId);
        put(sessionId, fresh, version);
        return fresh;
    }

    /** Records a state this node just wrote, so it need not read it back; {@code version} from before the write. */
    void remember(SessionRecord session, long version) {
        put(session.sessionId(), Optional.of(session), version);
    }

    void forget(String sessionId) {
        cache.invalidate(sessionId);
    }

    /** The feed reports a change: drop what this node holds. */
    void invalidate(String sessionId) {
        invalidations.incrementAndGet();
        cache.invalidate(sessionId);
    }

    /** Drops every cached session of {@code userId}: a scan of this node's cache, bounded by its size. */
    void invalidateUser(String userId) {
        invalidations.incrementAndGet();
        cache.asMap().values().removeIf(state -> state.isPresent() && state.get().userId().equals(userId));
    }

    void invalidateAll() {
        invalidations.incrementAndGet();
        cache.invalidateAll();
    }

    private void put(String sessionId, Optional<SessionRecord> state, long version) {
        cache.put(sessionId, state);
        // An invalidation since the store call may concern this session and may have run before the put.
        if (invalidations.get() != version) {
            cache.invalidate(sessionId);
        }
    }

    private Optional<SessionRecord> load(String sessionId) {
        storeReads.incrementAndGet();
        try {
            Optional<SessionRecord> found = store.find(sessionId);
            return found.isPresent() ? found : UNKNOWN;
        } catch (StoreUnavailableException e) {
            throw unavailable("session store unreachable", e);
        }
    }

    long size() {
        return cache.estimatedSize();
    }

    double hitRate() {
        return cache.stats().hitRate();
    }

    long storeReads() {
        return storeReads.get();
    }

    static AuthException unavailable(String detail, Throwable cause) {
        return new AuthException(AuthError.UNAVAILABLE, detail, Duration.ofSeconds(5), cause);
    }
}
