package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.flow.RenewalRotation.Verdict;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Renewal-token rotation without a store: what is written, and what a superseded token means. */
class RenewalRotationTest {
    private static final Instant SUPERSEDED_AT = Instant.parse("2026-03-01T10:00:00Z");
    private final RenewalRotation strict = new RenewalRotation(Duration.ZERO);
    private final RenewalRotation lenient = new RenewalRotation(Duration.ofSeconds(30));

    private static SessionRecord session(List<String> superseded, Instant supersededAt) {
        return new SessionRecord("sid", "user", "current", superseded, supersededAt, superseded.size(), "jti", "digest",
                SUPERSEDED_AT.minusSeconds(3600), null, SUPERSEDED_AT.plusSeconds(86_400), null, null, null);
    }

    private static Supplier<Instant> storeAt(Duration afterSupersede) {
        return () -> SUPERSEDED_AT.plus(afterSupersede);
    }

    @Test
    void judgeWhenTokenUnknownThenForeignAndTheStoreClockIsNotAsked() {
        AtomicInteger asked = new AtomicInteger();
        Verdict verdict = strict.judge(session(List.of("old1", "old2"), SUPERSEDED_AT), "stranger",
                () -> { asked.incrementAndGet(); return SUPERSEDED_AT; }, Duration.ZERO);
        assertEquals(Verdict.FOREIGN, verdict);
        assertEquals(0, asked.get());
    }

    @Test
    void judgeWhenLastSupersededWithinTheRaceWindowThenRaceElseReplay() {
        SessionRecord session = session(List.of("old1"), SUPERSEDED_AT);
        assertEquals(Verdict.RACE, strict.judge(session, "old1", storeAt(Duration.ofMillis(999)), Duration.ZERO));
        assertEquals(Verdict.RACE, strict.judge(session, "old1", storeAt(AuthService.RACE_WINDOW), Duration.ZERO));
        assertEquals(Verdict.REPLAY, strict.judge(session, "old1", storeAt(Duration.ofMillis(1001)), Duration.ZERO));
        // The request's own time in flight widens the window: it may have arrived before the winner committed.
        assertEquals(Verdict.RACE, strict.judge(session, "old1", storeAt(Duration.ofMillis(1500)), Duration.ofMillis(600)));
    }

    @Test
    void judgeWhenWithinReuseGraceThenGraceAndAfterItReplay() {
        SessionRecord session = session(List.of("old1"), SUPERSEDED_AT);
        assertEquals(Verdict.GRACE, lenient.judge(session, "old1", storeAt(Duration.ofSeconds(29)), Duration.ZERO));
        assertEquals(Verdict.REPLAY, lenient.judge(session, "old1", storeAt(Duration.ofSeconds(30)), Duration.ZERO));
        assertEquals(Verdict.REPLAY, strict.judge(session, "old1", storeAt(Duration.ofSeconds(5)), Duration.ZERO));
    }

    @Test
    void judgeWhenAnOlderTokenThenReplayEvenAtOnce() {
        SessionRecord session = session(List.of("old2", "old1"), SUPERSEDED_AT);
        assertEquals(Verdict.REPLAY, lenient.judge(session, "old1", storeAt(Duration.ZERO), Duration.ZERO));
        assertEquals(Verdict.REPLAY, lenient.judge(session(List.of("old1"), null), "old1", storeAt(Duration.ZERO), Duration.ZERO));
    }

    @Test
    void nextWhenRotatedThenCurrentHashFirstAndHistoryBounded() {
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            history.add("h" + i);
        }
        SessionRecord session = session(history, SUPERSEDED_AT);
        RenewalUpdate update = strict.next(session, "new", "jti-2", SUPERSEDED_AT);
        assertEquals("current", update.expectedRenewalHash());
        assertEquals("new", update.newRenewalHash());
        assertEquals(RenewalRotation.MAX_SUPERSEDED_HASHES, update.supersededHashes().size());
        assertEquals("current", update.supersededHashes().get(0));
        assertEquals("h0", update.supersededHashes().get(1));
        assertEquals(session.generation(), update.expectedGeneration());
        assertTrue(update.supersededHashes().contains("h14"));
        assertFalse(update.supersededHashes().contains("h15"));
    }
}
