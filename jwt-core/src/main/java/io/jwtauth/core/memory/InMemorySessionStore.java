package io.jwtauth.core.memory;

import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sessions held in memory, for one JVM. Thread-safe: every write, and the feed entry it records, happens under
 * one lock, so change keys are consecutive and become visible in order (no holes, {@code maxCommitDelay} zero);
 * reads of sessions take no lock.
 *
 * <p>The change feed is a bounded ring of the last {@link #DEFAULT_LOG_CAPACITY} changes (about 80 bytes
 * each); {@link #purgeExpired} also drops entries older than its cut-off. A reader is found by key arithmetic,
 * so a poll costs what it returns, not what the log holds. A reader further behind than the ring would miss
 * changes; with polls every second that takes that many changes in one second.
 */
public final class InMemorySessionStore implements SessionStore {
    /** Changes kept for readers. */
    public static final int DEFAULT_LOG_CAPACITY = 100_000;

    private final ConcurrentMap<String, SessionRecord> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Object lock = new Object();
    // The feed ring: entry with key k sits at index (k - 1) % capacity while retained.
    private final String[] logSessions;
    private final long[] logTimes;
    private long lastKey;
    private int retained;

    public InMemorySessionStore() {
        this(Clock.systemUTC(), DEFAULT_LOG_CAPACITY);
    }

    /** A store whose own time ({@link #currentTime()}) is {@code clock}, keeping the last {@code logCapacity} changes. */
    public InMemorySessionStore(Clock clock, int logCapacity) {
        if (logCapacity < 1) {
            throw new IllegalArgumentException("logCapacity must be positive");
        }
        this.clock = clock;
        this.logSessions = new String[logCapacity];
        this.logTimes = new long[logCapacity];
    }

    @Override
    public void create(SessionRecord session) {
        if (sessions.putIfAbsent(session.sessionId(), session) != null) {
            throw new IllegalStateException("session id collision");
        }
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    @Override
    public boolean replaceRenewal(RenewalUpdate update) {
        synchronized (lock) {
            SessionRecord current = sessions.get(update.sessionId());
            if (current == null || current.isRevoked() || current.generation() != update.expectedGeneration()
                    || !current.renewalHash().equals(update.expectedRenewalHash())) {
                return false;
            }
            sessions.put(update.sessionId(), current.renewed(update, clock.instant()));
            record(update.sessionId(), update.now());
            return true;
        }
    }

    @Override
    public boolean revoke(String sessionId, Instant at) {
        synchronized (lock) {
            SessionRecord current = sessions.get(sessionId);
            if (current == null || current.isRevoked()) {
                return false;
            }
            sessions.put(sessionId, current.revoked(at));
            record(sessionId, at);
            return true;
        }
    }

    @Override
    public int revokeAllForUser(String userId, Instant at) {
        return revokeOldest(userId, 0, at);
    }

    @Override
    public int revokeOldest(String userId, int keepNewest, Instant at) {
        synchronized (lock) {
            List<SessionRecord> live = new ArrayList<>();
            for (SessionRecord session : sessions.values()) {
                if (session.userId().equals(userId) && !session.isRevoked()) {
                    live.add(session);
                }
            }
            if (live.size() <= keepNewest) {
                return 0;
            }
            live.sort(Comparator.comparing(SessionRecord::createdAt).thenComparing(SessionRecord::sessionId).reversed());
            List<SessionRecord> ended = live.subList(keepNewest, live.size());
            for (SessionRecord session : ended) {
                revoke(session.sessionId(), at);
            }
            return ended.size();
        }
    }

    @Override
    public long latestChangeKey() {
        synchronized (lock) {
            return lastKey;
        }
    }

    @Override
    public List<SessionChange> changesAfter(long afterKey, int limit) {
        synchronized (lock) {
            return collect(Math.max(afterKey + 1, firstRetainedKey()), lastKey, limit, new ArrayList<>());
        }
    }

    @Override
    public List<SessionChange> changesIn(List<KeyRange> ranges, int limit) {
        synchronized (lock) {
            List<SessionChange> found = new ArrayList<>();
            List<KeyRange> ordered = new ArrayList<>(ranges);
            ordered.sort(Comparator.comparingLong(KeyRange::first));
            for (KeyRange range : ordered) {
                collect(Math.max(range.first(), firstRetainedKey()), Math.min(range.last(), lastKey), limit, found);
            }
            return found;
        }
    }

    @Override
    public Instant currentTime() {
        return clock.instant();
    }

    @Override
    public int purgeExpired(Instant before) {
        int purged = 0;
        synchronized (lock) {
            for (SessionRecord session : sessions.values()) {
                if ((session.renewalDeadline().isBefore(before) || (session.revokedAt() != null && session.revokedAt().isBefore(before)))
                        && sessions.remove(session.sessionId(), session)) {
                    purged++;
                }
            }
            long cutoff = before.toEpochMilli();
            while (retained > 0 && logTimes[index(firstRetainedKey())] < cutoff) {
                logSessions[index(firstRetainedKey())] = null;
                retained--;
            }
        }
        return purged;
    }

    /** How many sessions are stored (live or revoked). */
    public int size() {
        return sessions.size();
    }

    /** How many feed entries are retained; at most the capacity given at construction. */
    public int changeLogSize() {
        synchronized (lock) {
            return retained;
        }
    }

    // Callers hold the lock.
    private void record(String sessionId, Instant at) {
        lastKey++;
        int slot = index(lastKey);
        logSessions[slot] = sessionId;
        // The store's own time, not the writer's: the purge judges entries on this one clock.
        logTimes[slot] = clock.millis();
        if (retained < logSessions.length) {
            retained++;
        }
    }

    private long firstRetainedKey() {
        return lastKey - retained + 1;
    }

    private int index(long key) {
        return (int) ((key - 1) % logSessions.length);
    }

    private List<SessionChange> collect(long from, long to, int limit, List<SessionChange> into) {
        for (long key = from; key <= to && into.size() < limit; key++) {
            into.add(new SessionChange(key, logSessions[index(key)]));
        }
        return into;
    }
}
