package io.jwtauth.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do, whoever wrote it: storage exactly as written, the renewal
 * compare-and-set (exactly one winner), revocation, the change feed under growing keys, and the purge. A
 * provider's test extends this and supplies a store; every test uses its own random session and user ids, so
 * the store need not be empty. See the README ("Writing a provider").
 */
public abstract class SessionStoreContract {
    /** The store under test. The same instance within one test. */
    protected abstract SessionStore store();

    /** Now, at millisecond precision (what every store must keep exactly). */
    private Instant now() {
        return store().currentTime().truncatedTo(ChronoUnit.MILLIS);
    }

    private SessionRecord session(String userId, Instant createdAt, Duration ttl) {
        return new SessionRecord(Secrets.randomToken(16), userId, Secrets.sha256(Secrets.randomToken(32)), List.of(), null, 0,
                Secrets.randomToken(16), Secrets.sha256("stamp"), createdAt, null, createdAt.plus(ttl), null, "203.0.113.9", "contract");
    }

    private SessionRecord created(String userId) {
        SessionRecord session = session(userId, now(), Duration.ofDays(1));
        store().create(session);
        return session;
    }

    private static String user() {
        return "user-" + Secrets.randomToken(8);
    }

    private static RenewalUpdate renewal(SessionRecord session, Instant at) {
        return new RenewalUpdate(session.sessionId(), session.generation(), session.renewalHash(),
                Secrets.sha256(Secrets.randomToken(32)), List.of(session.renewalHash()), Secrets.randomToken(16), at);
    }

    @Test
    void findWhenCreatedThenEveryFieldReadsBackExactly() {
        SessionRecord written = created(user());
        assertEquals(Optional.of(written), store().find(written.sessionId()));
        assertEquals(Optional.empty(), store().find(Secrets.randomToken(16)));
    }

    @Test
    void replaceRenewalWhenExpectationHoldsThenRotatedAndStampedByTheStore() {
        SessionRecord session = created(user());
        Instant at = now();
        RenewalUpdate update = renewal(session, at);
        assertTrue(store().replaceRenewal(update));
        SessionRecord renewed = store().find(session.sessionId()).orElseThrow();
        assertEquals(update.newRenewalHash(), renewed.renewalHash());
        assertEquals(List.of(session.renewalHash()), renewed.supersededHashes());
        assertEquals(session.generation() + 1, renewed.generation());
        assertEquals(update.newAccessTokenId(), renewed.accessTokenId());
        assertEquals(at, renewed.renewedAt());
        assertNotNull(renewed.supersededAt(), "supersededAt is the store's stamp");
        assertTrue(Duration.between(renewed.supersededAt(), store().currentTime()).abs().compareTo(Duration.ofMinutes(1)) < 0);
        // The same expectation again is stale now.
        assertFalse(store().replaceRenewal(update));
    }

    @Test
    void replaceRenewalWhenRevokedOrUnknownThenRefused() {
        SessionRecord session = created(user());
        assertTrue(store().revoke(session.sessionId(), now()));
        assertFalse(store().replaceRenewal(renewal(session, now())));
        assertFalse(store().replaceRenewal(renewal(session(user(), now(), Duration.ofDays(1)), now())));
    }

    @Test
    void replaceRenewalWhenSixteenThreadsRaceThenExactlyOneWins() throws Exception {
        SessionRecord session = created(user());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                RenewalUpdate update = renewal(session, now());
                results.add(pool.submit(() -> {
                    start.await();
                    return store().replaceRenewal(update);
                }));
            }
            start.countDown();
            int wins = 0;
            for (Future<Boolean> result : results) {
                wins += result.get() ? 1 : 0;
            }
            assertEquals(1, wins);
            assertEquals(1, store().find(session.sessionId()).orElseThrow().generation());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokeWhenLiveThenEndedOnceAndOthersUntouched() {
        String user = user();
        SessionRecord one = created(user);
        SessionRecord other = created(user);
        Instant at = now();
        assertTrue(store().revoke(one.sessionId(), at));
        assertFalse(store().revoke(one.sessionId(), now()), "a second revoke finds nothing live");
        assertEquals(at, store().find(one.sessionId()).orElseThrow().revokedAt());
        assertNull(store().find(other.sessionId()).orElseThrow().revokedAt());
    }

    @Test
    void revokeAllForUserWhenSeveralThenEveryLiveOneOfThatUserOnly() {
        String user = user();
        String bystander = user();
        List<SessionRecord> sessions = List.of(created(user), created(user), created(user));
        SessionRecord theirs = created(bystander);
        store().revoke(sessions.get(0).sessionId(), now());
        assertEquals(2, store().revokeAllForUser(user, now()));
        for (SessionRecord session : sessions) {
            assertTrue(store().find(session.sessionId()).orElseThrow().isRevoked());
        }
        assertFalse(store().find(theirs.sessionId()).orElseThrow().isRevoked());
    }

    @Test
    void revokeOldestWhenOverTheLimitThenTheNewestKept() {
        String user = user();
        Instant base = now().minus(Duration.ofMinutes(10));
        List<SessionRecord> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SessionRecord session = session(user, base.plusSeconds(i), Duration.ofDays(1));
            store().create(session);
            sessions.add(session);
        }
        assertEquals(2, store().revokeOldest(user, 2, now()));
        List<Boolean> revoked = sessions.stream().map(s -> store().find(s.sessionId()).orElseThrow().isRevoked()).toList();
        assertEquals(List.of(true, true, false, false), revoked);
        assertEquals(0, store().revokeOldest(user, 2, now()));
    }

    @Test
    void changesWhenRenewedAndRevokedThenListedUnderGrowingKeys() {
        long before = store().latestChangeKey();
        SessionRecord renewed = created(user());
        SessionRecord revoked = created(user());
        assertTrue(store().replaceRenewal(renewal(renewed, now())));
        assertTrue(store().revoke(revoked.sessionId(), now()));
        long latest = store().latestChangeKey();
        assertTrue(latest > before, latest + " > " + before);
        // Other writers may share the store: look for ours among whatever came after.
        List<SessionChange> after = store().changesAfter(before, 10_000);
        for (int i = 1; i < after.size(); i++) {
            assertTrue(after.get(i).key() > after.get(i - 1).key(), "keys grow in the order listed");
        }
        Set<String> changed = after.stream().map(SessionChange::sessionId).collect(Collectors.toSet());
        assertTrue(changed.containsAll(Set.of(renewed.sessionId(), revoked.sessionId())), changed.toString());
        List<SessionChange> inRange = store().changesIn(List.of(new KeyRange(before + 1, latest)), 10_000);
        assertTrue(inRange.stream().map(SessionChange::sessionId).collect(Collectors.toSet())
                .containsAll(Set.of(renewed.sessionId(), revoked.sessionId())));
        assertEquals(List.of(), store().changesAfter(latest + 1_000_000, 10));
    }

    @Test
    void changesWhenPagedThenTheLimitHolds() {
        long before = store().latestChangeKey();
        for (int i = 0; i < 5; i++) {
            store().revoke(created(user()).sessionId(), now());
        }
        assertEquals(2, store().changesAfter(before, 2).size());
    }

    @Test
    void purgeWhenDeadlinePassedThenOnlyExpiredSessionsGo() {
        Instant now = now();
        SessionRecord expired = session(user(), now.minus(Duration.ofDays(3)), Duration.ofDays(1));
        store().create(expired);
        SessionRecord live = created(user());
        assertTrue(store().purgeExpired(now.minus(Duration.ofDays(1))) >= 1);
        assertEquals(Optional.empty(), store().find(expired.sessionId()));
        assertTrue(store().find(live.sessionId()).isPresent());
    }
}
