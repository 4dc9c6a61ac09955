package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of session state, kept fresh by polling the store's change feed: a known, live session
 * costs no store query; a session the node has not seen is read once; a session renewed or revoked on any
 * node is dropped from the cache within one poll and read again when next needed. Unknown sessions are
 * cached too (negatively), within the same size bound.
 *
 * <p>If polling fails for longer than {@code maxStaleness}, {@link #requireFresh} refuses every request
 * with {@code unavailable}: serving from a cache that may have missed a logout would be failing open.
 *
 * <p>Thread-safe. {@link #poll()} is called by one scheduler thread.
 */
final class SessionStates {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStates.class);
    /** Placeholder cached for a session id the store does not know. */
    private static final Optional<SessionRecord> UNKNOWN = Optional.empty();
    private static final int FEED_BATCH = 10_000;

    private final SessionStore store;
    private final Clock clock;
    private final Duration maxStaleness;
    private final long maxStalenessMillis;
    private final Duration overlap;
    private final Cache<String, Optional<SessionRecord>> cache;
    private final AtomicLong storeReads = new AtomicLong();
    /** Built once: a method reference created per call would be an allocation on the hot path. */
    private final java.util.function.Function<String, Optional<SessionRecord>> loader = this::load;
    private final AtomicLong lastSuccessfulPollMillis;
    private final Map<String, Instant> seenChanges = new HashMap<>();
    private Instant pollFrom;

    SessionStates(SessionStore store, Clock clock, int maximumSize, Duration pollInterval, Duration maxStaleness) {
        this.store = store;
        this.clock = clock;
        this.maxStaleness = maxStaleness;
        this.maxStalenessMillis = maxStaleness.toMillis();
        // Changes are written with the writing node's clock and may commit late: re-read a generous window
        // and skip the ids already applied.
        this.overlap = Duration.ofSeconds(60).plus(pollInterval.multipliedBy(10));
        this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize).recordStats().build();
        Instant now = clock.instant();
        this.lastSuccessfulPollMillis = new AtomicLong(now.toEpochMilli());
        this.pollFrom = now.minus(overlap);
    }

    /** The session, from the cache or (once) from the store. */
    Optional<SessionRecord> get(String sessionId) {
        return cache.get(sessionId, loader);
    }

    /** The session read from the store now, bypassing and refreshing the cache (for renewal checks). */
    Optional<SessionRecord> reload(String sessionId) {
        Optional<SessionRecord> fresh = load(sessionId);
        cache.put(sessionId, fresh);
        return fresh;
    }

    /** Records a state this node just wrote, so it need not read it back. */
    void remember(SessionRecord session) {
        cache.put(session.sessionId(), Optional.of(session));
    }

    void forget(String sessionId) {
        cache.invalidate(sessionId);
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

    /** Throws {@code unavailable} when the change feed has not been read successfully for too long. */
    void requireFresh(long nowMillis) {
        long lagMillis = nowMillis - lastSuccessfulPollMillis.get();
        if (lagMillis > maxStalenessMillis) {
            throw unavailable("revocation feed is " + lagMillis + " ms stale", null);
        }
    }

    /** Reads new changes from the feed and drops the affected sessions from the cache. */
    void poll() {
        Instant started = clock.instant();
        List<SessionChange> changes = store.changesSince(pollFrom, FEED_BATCH);
        synchronized (seenChanges) {
            for (SessionChange change : changes) {
                if (seenChanges.putIfAbsent(change.changeKey(), change.changedAt()) == null) {
                    cache.invalidate(change.sessionId());
                }
            }
            Instant horizon = started.minus(overlap);
            for (Iterator<Instant> times = seenChanges.values().iterator(); times.hasNext(); ) {
                if (times.next().isBefore(horizon)) {
                    times.remove();
                }
            }
            // A full batch means more may follow: continue from the last one read rather than skip ahead.
            pollFrom = changes.size() >= FEED_BATCH ? changes.get(changes.size() - 1).changedAt() : horizon;
        }
        lastSuccessfulPollMillis.set(started.toEpochMilli());
    }

    /** Polls, logging (not throwing) a failure; the staleness check turns lasting failure into 503s. */
    void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("jwtauth: reading the session change feed failed ({}); known sessions are served for up to {}",
                    e.getClass().getSimpleName(), maxStaleness);
        }
    }

    Duration feedLag(long nowMillis) {
        return Duration.ofMillis(Math.max(0, nowMillis - lastSuccessfulPollMillis.get()));
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
