package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The reader's high-water mark with holes, against a store whose keys become visible out of order, as a
 * database's do when a transaction that took a lower key commits after one that took a higher key.
 */
class ChangeFeedTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    private final AtomicLong nanos = new AtomicLong();
    private final OutOfOrderStore store = new OutOfOrderStore();
    private final Instant now = clock.instant();
    private final Sessions states = new Sessions(store, clock, 1000, Duration.ofMinutes(5));
    private final ChangeFeed feed = new ChangeFeed(store, states, clock, nanos::get, Duration.ofSeconds(10));

    private void cache(String sessionId) {
        store.sessions.put(sessionId, new SessionRecord(sessionId, "u", "h", List.of(), null, 0, "j", "d", now, null,
                now.plus(Duration.ofDays(1)), null, null, null));
        states.get(sessionId);
    }

    private boolean cached(String sessionId) {
        long reads = states.storeReads();
        states.get(sessionId);
        return states.storeReads() == reads;
    }

    @Test
    void pollWhenALowerKeyCommitsAfterAHigherOneThenItIsStillApplied() {
        feed.poll();
        cache("late");
        cache("early");
        store.commit(2, "early");
        feed.poll();
        assertEquals(1, feed.openHoles(), "key 1 is taken but not committed");
        assertTrue(cached("late"));
        store.commit(1, "late");
        feed.poll();
        assertEquals(0, feed.openHoles());
        assertTrue(!cached("late"), "the late commit invalidated its session");
    }

    @Test
    void pollWhenAHoleNeverFillsThenItIsGivenUpAfterTwiceTheCommitBound() {
        feed.poll();
        store.commit(5, "x");
        feed.poll();
        assertEquals(1, feed.openHoles());
        nanos.addAndGet(Duration.ofSeconds(39).toNanos());
        feed.poll();
        assertEquals(1, feed.openHoles(), "still within 2 x 20 s");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        feed.poll();
        assertEquals(0, feed.openHoles());
        assertEquals(1, feed.holesAbandoned());
    }

    @Test
    void pollWhenRepeatedThenEachEntryIsReadOnce() {
        feed.poll();
        for (int key = 1; key <= 2500; key++) {
            store.commit(key, "s" + key);
        }
        feed.poll();
        feed.poll();
        feed.poll();
        assertEquals(2500, feed.rowsRead());
    }

    @Test
    void startWhenWritesAreInFlightThenTheirKeysAreAwaited() {
        store.commit(1, "a");
        store.commit(3, "c");
        feed.poll();
        assertEquals(1, feed.openHoles(), "key 2 was taken before this node started");
        cache("b");
        store.commit(2, "b");
        feed.poll();
        assertTrue(!cached("b"));
    }

    @Test
    void pollWhenManyHolesThenTheyAreMergedAndStillAwaited() {
        feed.poll();
        for (int i = 1; i <= ChangeFeed.MAX_HOLES + 10; i++) {
            store.commit(2L * i, "even" + i);
        }
        feed.poll();
        assertTrue(feed.openHoles() <= ChangeFeed.MAX_HOLES, "holes: " + feed.openHoles());
        cache("odd");
        store.commit(7, "odd");
        feed.poll();
        assertTrue(!cached("odd"));
    }

    /** Only the feed is real here: keys are committed by the test, in the order it chooses. */
    private static final class OutOfOrderStore implements SessionStore {
        final TreeMap<Long, String> visible = new TreeMap<>();
        final java.util.Map<String, SessionRecord> sessions = new java.util.HashMap<>();

        void commit(long key, String sessionId) {
            visible.put(key, sessionId);
        }

        @Override
        public long latestChangeKey() {
            return visible.isEmpty() ? 0 : visible.lastKey();
        }

        @Override
        public List<SessionChange> changesAfter(long afterKey, int limit) {
            List<SessionChange> page = new ArrayList<>();
            visible.tailMap(afterKey, false).forEach((key, id) -> {
                if (page.size() < limit) {
                    page.add(new SessionChange(key, id));
                }
            });
            return page;
        }

        @Override
        public List<SessionChange> changesIn(List<KeyRange> ranges, int limit) {
            List<SessionChange> found = new ArrayList<>();
            visible.forEach((key, id) -> {
                if (found.size() < limit && ranges.stream().anyMatch(range -> key >= range.first() && key <= range.last())) {
                    found.add(new SessionChange(key, id));
                }
            });
            return found;
        }

        @Override
        public Duration maxCommitDelay() {
            return Duration.ofSeconds(20);
        }

        @Override
        public Optional<SessionRecord> find(String sessionId) {
            return Optional.ofNullable(sessions.get(sessionId));
        }

        @Override
        public void create(SessionRecord session) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean replaceRenewal(RenewalUpdate update) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean revoke(String sessionId, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int revokeAllForUser(String userId, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int revokeOldest(String userId, int keepNewest, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant currentTime() {
            return Instant.EPOCH;
        }

        @Override
        public int purgeExpired(Instant before) {
            throw new UnsupportedOperationException();
        }
    }
}
