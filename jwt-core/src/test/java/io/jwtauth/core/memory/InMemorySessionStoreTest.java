package io.jwtauth.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defect 8: the in-memory feed grew for ever and was scanned whole on every poll. */
class InMemorySessionStoreTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));

    private static SessionRecord session(String id, Instant now) {
        return new SessionRecord(id, "u", "h", List.of(), null, 0, "j", "d", now, null, now.plus(Duration.ofDays(1)), null, null, null);
    }

    @Test
    void changeLogWhenMoreChangesThanItsCapacityThenOnlyTheNewestAreKept() {
        InMemorySessionStore store = new InMemorySessionStore(clock, 100);
        for (int i = 0; i < 250; i++) {
            store.create(session("s" + i, clock.instant()));
            assertTrue(store.revoke("s" + i, clock.instant()));
        }
        assertEquals(100, store.changeLogSize());
        assertEquals(250, store.latestChangeKey());
        List<SessionChange> tail = store.changesAfter(0, 1000);
        assertEquals(100, tail.size());
        assertEquals(new SessionChange(151, "s150"), tail.get(0));
        assertEquals(new SessionChange(250, "s249"), tail.get(99));
    }

    @Test
    void changesAfterWhenReaderIsCurrentThenOnlyNewEntriesReturned() {
        InMemorySessionStore store = new InMemorySessionStore(clock, 1000);
        for (int i = 0; i < 10; i++) {
            store.create(session("s" + i, clock.instant()));
            store.revoke("s" + i, clock.instant());
        }
        assertEquals(List.of(new SessionChange(9, "s8"), new SessionChange(10, "s9")), store.changesAfter(8, 100));
        assertEquals(List.of(), store.changesAfter(10, 100));
        assertEquals(List.of(new SessionChange(2, "s1"), new SessionChange(7, "s6")),
                store.changesIn(List.of(new KeyRange(7, 7), new KeyRange(2, 2)), 100));
    }

    @Test
    void purgeWhenEntriesAreOlderThanTheCutoffThenTheyAreDropped() {
        InMemorySessionStore store = new InMemorySessionStore(clock, 1000);
        store.create(session("old", clock.instant()));
        store.revoke("old", clock.instant());
        clock.advance(Duration.ofDays(3));
        store.create(session("new", clock.instant()));
        store.revoke("new", clock.instant());
        assertEquals(1, store.purgeExpired(clock.instant().minus(Duration.ofDays(1))));
        assertEquals(1, store.changeLogSize());
        assertEquals(List.of(new SessionChange(2, "new")), store.changesAfter(0, 100));
    }
}
