package io.jwtauth.filter.testing;

import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.StoreUnavailableException;
import io.jwtauth.core.spi.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** In-memory stores that can be switched to fail as an unreachable database does. */
public final class SwitchableStores implements StoreProvider {
    private final InMemoryStores delegate;
    private volatile boolean down;

    public SwitchableStores(InMemoryStores delegate) {
        this.delegate = delegate;
    }

    public void setDown(boolean down) {
        this.down = down;
    }

    private <T> T call(Supplier<T> work) {
        if (down) {
            throw new StoreUnavailableException("test: store switched off", null);
        }
        return work.get();
    }

    @Override
    public IdentityStore identityStore() {
        return new IdentityStore() {
            @Override
            public Optional<UserRecord> authenticate(String username, char[] password) {
                return call(() -> delegate.identityStore().authenticate(username, password));
            }

            @Override
            public Optional<UserRecord> findById(String userId) {
                return call(() -> delegate.identityStore().findById(userId));
            }
        };
    }

    @Override
    public SessionStore sessionStore() {
        SessionStore sessions = delegate.sessionStore();
        return new SessionStore() {
            @Override
            public void create(SessionRecord session) {
                call(() -> {
                    sessions.create(session);
                    return null;
                });
            }

            @Override
            public Optional<SessionRecord> find(String sessionId) {
                return call(() -> sessions.find(sessionId));
            }

            @Override
            public boolean replaceRenewal(RenewalUpdate update) {
                return call(() -> sessions.replaceRenewal(update));
            }

            @Override
            public boolean revoke(String sessionId, Instant at) {
                return call(() -> sessions.revoke(sessionId, at));
            }

            @Override
            public int revokeAllForUser(String userId, Instant at) {
                return call(() -> sessions.revokeAllForUser(userId, at));
            }

            @Override
            public int revokeOldest(String userId, int keepNewest, Instant at) {
                return call(() -> sessions.revokeOldest(userId, keepNewest, at));
            }

            @Override
            public long latestChangeKey() {
                return call(sessions::latestChangeKey);
            }

            @Override
            public List<SessionChange> changesAfter(long afterKey, int limit) {
                return call(() -> sessions.changesAfter(afterKey, limit));
            }

            @Override
            public List<SessionChange> changesIn(List<KeyRange> ranges, int limit) {
                return call(() -> sessions.changesIn(ranges, limit));
            }

            @Override
            public Instant currentTime() {
                return call(sessions::currentTime);
            }

            @Override
            public int purgeExpired(Instant before) {
                return call(() -> sessions.purgeExpired(before));
            }
        };
    }
}
