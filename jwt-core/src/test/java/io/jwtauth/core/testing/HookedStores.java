package io.jwtauth.core.testing;

import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real provider with hooks around its session calls, so a test can stop a call at an exact point (before or
 * after the store write) or make the feed fail, and so interleavings that are races in production become
 * deterministic. Every call still goes to the real store.
 */
public final class HookedStores implements StoreProvider {
    private final StoreProvider delegate;
    private final SessionStore sessions;
    /** Runs before {@code find}. */
    public final AtomicReference<Runnable> beforeFind = new AtomicReference<>(() -> { });
    /** Runs before {@code replaceRenewal} reaches the store. */
    public final AtomicReference<Runnable> beforeRenewal = new AtomicReference<>(() -> { });
    /** Runs after {@code replaceRenewal} has committed, before the caller sees the result. */
    public final AtomicReference<Runnable> afterRenewal = new AtomicReference<>(() -> { });
    /** Runs before every feed read; may throw. */
    public final AtomicReference<Runnable> beforeFeedRead = new AtomicReference<>(() -> { });
    /** Sees every feed read's result (the benchmark notes when each change arrived). */
    public final AtomicReference<java.util.function.Consumer<List<SessionChange>>> afterFeedRead =
            new AtomicReference<>(changes -> { });
    /** When set, the feed reports no changes: a change this node never hears about. */
    public volatile boolean hideChanges;

    public HookedStores(StoreProvider delegate) {
        this.delegate = delegate;
        SessionStore real = delegate.sessionStore();
        this.sessions = new SessionStore() {
            @Override
            public void create(SessionRecord session) {
                real.create(session);
            }

            @Override
            public Optional<SessionRecord> find(String sessionId) {
                beforeFind.get().run();
                return real.find(sessionId);
            }

            @Override
            public boolean replaceRenewal(RenewalUpdate update) {
                beforeRenewal.get().run();
                boolean replaced = real.replaceRenewal(update);
                afterRenewal.get().run();
                return replaced;
            }

            @Override
            public boolean revoke(String sessionId, Instant at) {
                return real.revoke(sessionId, at);
            }

            @Override
            public int revokeAllForUser(String userId, Instant at) {
                return real.revokeAllForUser(userId, at);
            }

            @Override
            public int revokeOldest(String userId, int keepNewest, Instant at) {
                return real.revokeOldest(userId, keepNewest, at);
            }

            @Override
            public long latestChangeKey() {
                beforeFeedRead.get().run();
                return real.latestChangeKey();
            }

            @Override
            public List<SessionChange> changesAfter(long afterKey, int limit) {
                beforeFeedRead.get().run();
                List<SessionChange> changes = hideChanges ? List.of() : real.changesAfter(afterKey, limit);
                afterFeedRead.get().accept(changes);
                return changes;
            }

            @Override
            public List<SessionChange> changesIn(List<KeyRange> ranges, int limit) {
                beforeFeedRead.get().run();
                List<SessionChange> changes = hideChanges ? List.of() : real.changesIn(ranges, limit);
                afterFeedRead.get().accept(changes);
                return changes;
            }

            @Override
            public Instant currentTime() {
                return real.currentTime();
            }

            @Override
            public java.time.Duration maxCommitDelay() {
                return real.maxCommitDelay();
            }

            @Override
            public AutoCloseable onChanges(Runnable wake) {
                return real.onChanges(wake);
            }

            @Override
            public int purgeExpired(Instant before) {
                return real.purgeExpired(before);
            }
        };
    }

    @Override
    public IdentityStore identityStore() {
        return delegate.identityStore();
    }

    @Override
    public java.util.Optional<io.jwtauth.core.spi.LoginFailureStore> loginFailures() {
        return delegate.loginFailures();
    }

    @Override
    public SessionStore sessionStore() {
        return sessions;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
