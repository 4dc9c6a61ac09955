package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * This node's write-through cache of session state: a known session costs no store read, an unknown one is read once
 * (and remembered as unknown), what this node writes it remembers, and what the feed reports it forgets; a write
 * never resurrects a state invalidated meanwhile, and entries expire after their lifetime.
 */
class SessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final InMemorySessionStore store = new InMemorySessionStore(clock, 1000);
    private final Sessions sessions = new Sessions(store, clock, 1000, Duration.ofMinutes(5));

    private SessionRecord session(String id, String userId) {
        Instant now = clock.instant();
        return new SessionRecord(id, userId, "hash", List.of(), null, 0, "jti-" + id, "stamp", now, null, now.plus(Duration.ofDays(14)),
                null, "192.0.2.1", "test");
    }

    @Test
    void getWhenOpenedHereThenNoStoreReadAndLive() {
        sessions.open(session("s1", "u1"));
        Sessions.State state = sessions.get("s1");
        assertTrue(state.isLive());
        assertEquals("jti-s1", state.accessTokenId());
        assertEquals(0, sessions.storeReads());
    }

    @Test
    void getWhenUnknownThenReadOnceAndRememberedAsUnknown() {
        assertSame(Sessions.State.UNKNOWN, sessions.get("nope"));
        assertSame(Sessions.State.UNKNOWN, sessions.get("nope"));
        assertEquals(1, sessions.storeReads());
        assertFalse(Sessions.State.UNKNOWN.isLive());
    }

    @Test
    void invalidateWhenTheFeedReportsAChangeThenReadAgain() {
        SessionRecord record = session("s1", "u1");
        sessions.open(record);
        store.revoke("s1", clock.instant()); // another node's logout
        assertTrue(sessions.get("s1").isLive(), "this node has not heard of it yet");
        sessions.invalidate("s1");
        assertFalse(sessions.get("s1").isLive());
        assertEquals(1, sessions.storeReads());
    }

    @Test
    void revokeAllOfUserThenEverySessionOfTheUserEndsHereAtOnceAndOthersStay() {
        sessions.open(session("a1", "alice"));
        sessions.open(session("a2", "alice"));
        sessions.open(session("b1", "bob"));
        assertEquals(2, sessions.revokeAllOfUser("alice", clock.instant()));
        assertFalse(sessions.get("a1").isLive());
        assertFalse(sessions.get("a2").isLive());
        assertTrue(sessions.get("b1").isLive());
    }

    @Test
    void putWhenAnInvalidationHappenedSinceTheReadThenTheWriteIsWithdrawn() {
        SessionRecord record = session("s1", "u1");
        store.create(record);
        long before = sessions.version();
        sessions.invalidate("s1"); // the feed, between this node's read and its write
        assertTrue(sessions.renew(record, new io.jwtauth.core.spi.RenewalUpdate("s1", 0, "hash", "hash2", List.of("hash"), "jti-2",
                clock.instant()), clock.instant(), before), "the store took the renewal");
        long reads = sessions.storeReads();
        sessions.get("s1");
        assertEquals(reads + 1, sessions.storeReads(), "the renewed state derived from a stale read was not kept");
    }

    @Test
    void getWhenTheEntryOutlivedItsLifetimeThenReadAgain() {
        sessions.open(session("s1", "u1"));
        clock.advance(Duration.ofMinutes(6));
        sessions.get("s1");
        assertEquals(1, sessions.storeReads());
    }
}
