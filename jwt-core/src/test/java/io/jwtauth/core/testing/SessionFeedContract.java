package io.jwtauth.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The revocation feed's guarantees, for any {@link SessionStore}: several nodes (separate {@link AuthService}s
 * with separate caches, and for a database separate pools) on one store. A store passes when a subclass
 * supplies {@link #connect()}; the in-memory store and the JDBC store on H2, PostgreSQL and MariaDB run it.
 *
 * <p>Each test reproduces a way an earlier feed broke its promise (the comments say which). Polls are
 * driven by hand where the order matters, so no test depends on a race being won.
 */
public abstract class SessionFeedContract {
    private static final ClientInfo CLIENT = new ClientInfo("198.51.100.9", "feed-contract");
    private static final String BULK_USER = "bulk-user";

    private final List<AuthService> nodes = new ArrayList<>();
    private final Map<AuthService, StoreProvider> providers = new java.util.IdentityHashMap<>();
    private final Map<AuthService, ManualPolling> polling = new java.util.IdentityHashMap<>();

    /**
     * A new node's provider on the shared store, in which users {@code alice} / {@code alice-password-1} and
     * {@code bob} / {@code bob-password-1} exist. Each call is a separate node (its own pool, for a database).
     */
    protected abstract StoreProvider connect();

    /** Reads a manual node's change feed now, as its poller would. */
    protected void poll(AuthService node) {
        polling.get(node).poll();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(AuthService::close);
    }

    protected AuthService node(StoreProvider provider, Clock clock, boolean background, Map<String, String> extra) {
        Map<String, String> raw = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef",
                "jwtauth.issuer", "feed-contract", "jwtauth.clock-skew", "10m", "jwtauth.revocation.poll-interval", "1s"));
        raw.putAll(extra);
        JwtAuth.Builder builder = JwtAuth.builder().settings(raw).provider(provider).clock(clock);
        ManualPolling manual = new ManualPolling();
        if (!background) {
            builder.pollManually(manual);
        }
        AuthService node = builder.build();
        polling.put(node, manual);
        nodes.add(node);
        providers.put(node, provider);
        return node;
    }

    private AuthService manualNode(Clock clock) {
        return node(connect(), clock, false, Map.of());
    }

    private static TokenResponse login(AuthService node, String user) {
        return node.login(user, (user + "-password-1").toCharArray(), CLIENT);
    }

    private static void assertRefused(AuthError expected, Runnable call) {
        AuthException refused = assertThrows(AuthException.class, call::run);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    /** Waits (real time) until {@code node} refuses {@code token} with {@code bad-token}; returns how long it took. */
    private static Duration awaitRefused(AuthService node, String token, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                node.authenticate(token);
            } catch (AuthException e) {
                assertEquals(AuthError.BAD_TOKEN, e.error(), e.getMessage());
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(20);
        }
        return fail("the other node still accepted the token after " + limit);
    }

    /** Creates {@code count} live sessions of the bulk user directly in the store (4 writers), returning their ids. */
    private static List<String> bulkSessions(SessionStore store, int count, Instant now) throws Exception {
        IntFunction<SessionRecord> session = i -> new SessionRecord(Secrets.randomToken(16), BULK_USER,
                Secrets.sha256("r" + i), List.of(), null, 0, Secrets.randomToken(8), Secrets.sha256("stamp"),
                now, null, now.plus(Duration.ofDays(14)), null, "192.0.2.1", "bulk");
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>(count));
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int first = w;
                done.add(writers.submit(() -> {
                    for (int i = first; i < count; i += 4) {
                        SessionRecord record = session.apply(i);
                        store.create(record);
                        ids.add(record.sessionId());
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            writers.shutdownNow();
        }
        return ids;
    }

    // Defect 1: once more rows than one batch shared a timestamp, the feed re-read them for ever.
    @Test
    void feedWhenTwentyThousandSessionsRevokedAtOneInstantThenALaterLogoutIsStillSeen() throws Exception {
        MutableClock clock = MutableClock.atNow();
        AuthService nodeA = manualNode(clock);
        AuthService nodeB = manualNode(clock);
        bulkSessions(nodeSessions(nodeA), 20_000, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        TokenResponse bob = login(nodeB, "bob");
        nodeB.authenticate(bob.accessToken());
        poll(nodeB);

        assertEquals(20_000, nodeSessions(nodeA).revokeAllForUser(BULK_USER, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        poll(nodeB);
        clock.advance(Duration.ofSeconds(1));
        nodeA.logout(bob.accessToken(), false, CLIENT);
        poll(nodeB);

        assertRefused(AuthError.BAD_TOKEN, () -> nodeB.authenticate(bob.accessToken()));
    }

    // Defect 2: changes were found by the writer's clock, so a writer minutes behind was never heard.
    @ParameterizedTest(name = "writer clock off by {0} s")
    @ValueSource(ints = {-300, -120, 300})
    void feedWhenWriterClockIsSkewedThenLogoutAndRenewalSeenWithinIntervalPlusOneSecond(int offsetSeconds) throws Exception {
        Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(offsetSeconds));
        AuthService writer = node(connect(), skewed, true, Map.of());
        AuthService reader = node(connect(), Clock.systemUTC(), true, Map.of());

        TokenResponse alice = login(writer, "alice");
        reader.authenticate(alice.accessToken());
        writer.logout(alice.accessToken(), false, CLIENT);
        Duration logoutSeen = awaitRefused(reader, alice.accessToken(), Duration.ofSeconds(2));

        TokenResponse bob = login(writer, "bob");
        reader.authenticate(bob.accessToken());
        TokenResponse renewed = writer.renew(bob.accessToken(), bob.renewalToken(), CLIENT);
        Duration renewalSeen = awaitRefused(reader, bob.accessToken(), Duration.ofSeconds(2));
        assertEquals("bob", reader.authenticate(renewed.accessToken()).getName());
        System.out.printf("feed: writer clock %+d s: logout seen after %d ms, renewal after %d ms%n",
                offsetSeconds, logoutSeen.toMillis(), renewalSeen.toMillis());
    }

    // #29 item 11: feed rows carried the writer's time and the purge compared it with the purger's clock, so a
    // writer days behind had its changes purged before anyone read them.
    @Test
    void purgeWhenTheWriterClockIsDaysBehindThenItsChangesAreStillReadByOthers() {
        AuthService reader = manualNode(Clock.systemUTC());
        StoreProvider writer = connect();
        TokenResponse alice = login(reader, "alice");
        reader.authenticate(alice.accessToken());
        String sessionId = reader.authenticate(alice.accessToken()).sessionId();
        SessionStore writerStore = writer.sessionStore();
        try {
            writerStore.revoke(sessionId, Instant.now().minus(Duration.ofDays(2)));
            // Any node's purge, as the background task runs it: on the store's clock, keeping a day.
            providers.get(reader).sessionStore().purgeExpired(writerStore.currentTime().minus(Duration.ofDays(1)));
            poll(reader);
            assertRefused(AuthError.BAD_TOKEN, () -> reader.authenticate(alice.accessToken()));
        } finally {
            writer.close();
        }
    }

    // Defect 4: a backlog larger than one read was re-read in pages while the node called itself fresh.
    @Test
    void feedWhenMoreChangesThanOneReadThenNeverServesARevokedSessionAsFresh() throws Exception {
        MutableClock clockA = MutableClock.atNow();
        MutableClock clockB = new MutableClock(clockA.instant());
        AuthService nodeA = manualNode(clockA);
        AuthService nodeB = manualNode(clockB);
        Instant start = clockA.instant().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = bulkSessions(nodeSessions(nodeA), 12_000, start);
        TokenResponse bob = login(nodeB, "bob");
        nodeB.authenticate(bob.accessToken());
        poll(nodeB);
        for (int i = 0; i < ids.size(); i++) {
            // Distinct instants in the last 12 s: every change is its own, as when many users log out at once.
            assertTrue(nodeSessions(nodeA).revoke(ids.get(i), start.minusMillis(ids.size() - i)));
        }
        nodeA.logout(bob.accessToken(), false, CLIENT);

        for (int poll = 0; poll < 3; poll++) {
            poll(nodeB);
            clockB.advance(Duration.ofSeconds(1));
            AuthException refused = assertThrows(AuthException.class, () -> nodeB.authenticate(bob.accessToken()),
                    "poll " + poll + ": a revoked session was served while the node reported a fresh feed");
            assertTrue(refused.error() == AuthError.BAD_TOKEN || refused.error() == AuthError.UNAVAILABLE, refused.getMessage());
        }
    }

    // Defect 5: the winner's start time on its clock was compared with the loser's arrival on another.
    @Test
    void renewWhenLoserArrivedBeforeWinnerCommittedThenNotAReplayAndWinnerLivesOn() throws Exception {
        MutableClock clock = MutableClock.atNow();
        HookedStores storesA = new HookedStores(connect());
        HookedStores storesB = new HookedStores(connect());
        AuthService nodeA = node(storesA, clock, false, Map.of());
        AuthService nodeB = node(storesB, clock, false, Map.of());
        TokenResponse alice = login(nodeA, "alice");

        CountDownLatch winnerWriting = new CountDownLatch(1);
        CountDownLatch winnerMayCommit = new CountDownLatch(1);
        CountDownLatch loserReading = new CountDownLatch(1);
        CountDownLatch loserMayRead = new CountDownLatch(1);
        storesA.beforeRenewal.set(() -> {
            winnerWriting.countDown();
            await(winnerMayCommit);
        });
        storesB.beforeFind.set(() -> {
            loserReading.countDown();
            await(loserMayRead);
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<TokenResponse> winner = threads.submit(() -> nodeA.renew(alice.accessToken(), alice.renewalToken(), CLIENT));
            assertTrue(winnerWriting.await(10, TimeUnit.SECONDS));
            clock.advance(Duration.ofSeconds(1));
            // The loser arrives while the winner's write is still in flight.
            Future<TokenResponse> loser = threads.submit(() -> nodeB.renew(alice.accessToken(), alice.renewalToken(), CLIENT));
            assertTrue(loserReading.await(10, TimeUnit.SECONDS));
            winnerMayCommit.countDown();
            TokenResponse renewed = winner.get(10, TimeUnit.SECONDS);
            storesB.beforeFind.set(() -> { });
            loserMayRead.countDown();

            java.util.concurrent.ExecutionException lost = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> loser.get(10, TimeUnit.SECONDS));
            assertEquals(AuthError.BAD_TOKEN, ((AuthException) lost.getCause()).error());
            poll(nodeB);
            poll(nodeA);
            assertEquals("alice", nodeA.authenticate(renewed.accessToken()).getName(), "the winner's session lives on");
            assertEquals("alice", nodeB.authenticate(renewed.accessToken()).getName());
            assertNotNull(nodeA.renew(renewed.accessToken(), renewed.renewalToken(), CLIENT));
        } finally {
            winnerMayCommit.countDown();
            loserMayRead.countDown();
            threads.shutdownNow();
        }
    }

    // Defect 6: a renewal's cache write could overwrite an invalidation the poller had just applied.
    @Test
    void renewWhenSessionRevokedElsewhereDuringTheWriteThenCacheDoesNotResurrectIt() throws Exception {
        MutableClock clock = MutableClock.atNow();
        HookedStores storesA = new HookedStores(connect());
        AuthService nodeA = node(storesA, clock, false, Map.of());
        AuthService nodeB = manualNode(clock);
        TokenResponse alice = login(nodeA, "alice");
        String sessionId = nodeA.authenticate(alice.accessToken()).sessionId();

        CountDownLatch committed = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        storesA.afterRenewal.set(() -> {
            committed.countDown();
            await(mayReturn);
        });
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<TokenResponse> renewal = thread.submit(() -> nodeA.renew(alice.accessToken(), alice.renewalToken(), CLIENT));
            assertTrue(committed.await(10, TimeUnit.SECONDS));
            // While node A is between its commit and its cache write, node B ends the session and A hears of it.
            assertTrue(nodeSessions(nodeB).revoke(sessionId, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            poll(nodeA);
            mayReturn.countDown();
            TokenResponse renewed = renewal.get(10, TimeUnit.SECONDS);

            assertRefused(AuthError.BAD_TOKEN, () -> nodeA.authenticate(renewed.accessToken()));
        } finally {
            mayReturn.countDown();
            thread.shutdownNow();
        }
    }

    // Defect 6, defence in depth: a change the feed never delivered is picked up once cached state expires.
    @Test
    void authenticateWhenCachedStateOutlivesItsLifetimeThenReadAgain() {
        MutableClock clock = MutableClock.atNow();
        HookedStores storesA = new HookedStores(connect());
        AuthService nodeA = node(storesA, clock, false, Map.of("jwtauth.cache.session-ttl", "5m"));
        AuthService nodeB = manualNode(clock);
        poll(nodeA);
        TokenResponse alice = login(nodeA, "alice");
        nodeA.authenticate(alice.accessToken());
        storesA.hideChanges = true;
        nodeB.logout(alice.accessToken(), false, CLIENT);
        poll(nodeA);
        assertEquals("alice", nodeA.authenticate(alice.accessToken()).getName(), "the lost change is not known yet");

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        poll(nodeA);
        assertRefused(AuthError.BAD_TOKEN, () -> nodeA.authenticate(alice.accessToken()));
    }

    // Defect 7: an Error thrown in the poller cancelled it for good, silently.
    @Test
    void pollerWhenAnErrorIsThrownThenItKeepsPolling() throws Exception {
        HookedStores storesA = new HookedStores(connect());
        AuthService nodeA = node(storesA, Clock.systemUTC(), true, Map.of("jwtauth.revocation.poll-interval", "100ms"));
        AuthService nodeB = manualNode(Clock.systemUTC());
        TokenResponse alice = login(nodeA, "alice");
        nodeA.authenticate(alice.accessToken());
        CountDownLatch thrown = new CountDownLatch(1);
        storesA.beforeFeedRead.set(() -> {
            if (thrown.getCount() > 0) {
                thrown.countDown();
                throw new LinkageError("simulated: an Error inside the feed read");
            }
        });
        assertTrue(thrown.await(10, TimeUnit.SECONDS));
        nodeB.logout(alice.accessToken(), false, CLIENT);
        awaitRefused(nodeA, alice.accessToken(), Duration.ofSeconds(3));
    }

    // The per-user cap bounds what one account can make the store (and the feed) hold.
    @Test
    void loginWhenOverTheSessionCapThenOldestSessionRevoked() {
        MutableClock clock = MutableClock.atNow();
        AuthService nodeA = node(connect(), clock, false, Map.of("jwtauth.sessions.max-per-user", "3"));
        List<TokenResponse> logins = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            logins.add(login(nodeA, "alice"));
            clock.advance(Duration.ofSeconds(1));
        }
        poll(nodeA);
        assertRefused(AuthError.BAD_TOKEN, () -> nodeA.authenticate(logins.get(0).accessToken()));
        for (int i = 1; i < 4; i++) {
            assertEquals("alice", nodeA.authenticate(logins.get(i).accessToken()).getName());
        }
        AuthService nodeB = manualNode(clock);
        assertRefused(AuthError.BAD_TOKEN, () -> nodeB.authenticate(logins.get(0).accessToken()));
    }

    /** The node's own connection to the store: what its flow would write with. */
    private SessionStore nodeSessions(AuthService node) {
        return providers.get(node).sessionStore();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test hook waited too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
