package io.jwtauth.core.memory;

import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sessions held in memory, for one node. Thread-safe: every change is applied atomically per session
 * with {@link ConcurrentMap#compute}, which gives the compare-and-set the SPI requires.
 */
public final class InMemorySessionStore implements SessionStore {
    private final ConcurrentMap<String, SessionRecord> sessions = new ConcurrentHashMap<>();
    private final List<SessionChange> changes = new ArrayList<>();

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
        boolean[] replaced = new boolean[1];
        sessions.computeIfPresent(update.sessionId(), (id, current) -> {
            if (current.isRevoked() || current.generation() != update.expectedGeneration()
                    || !current.renewalHash().equals(update.expectedRenewalHash())) {
                return current;
            }
            replaced[0] = true;
            return current.renewed(update);
        });
        if (replaced[0]) {
            recordChange(sessions.get(update.sessionId()), update.now());
        }
        return replaced[0];
    }

    @Override
    public boolean revoke(String sessionId, Instant at) {
        boolean[] revoked = new boolean[1];
        sessions.computeIfPresent(sessionId, (id, current) -> {
            if (current.isRevoked()) {
                return current;
            }
            revoked[0] = true;
            return current.revoked(at);
        });
        if (revoked[0]) {
            recordChange(sessions.get(sessionId), at);
        }
        return revoked[0];
    }

    @Override
    public int revokeAllForUser(String userId, Instant at) {
        int count = 0;
        for (SessionRecord session : sessions.values()) {
            if (session.userId().equals(userId) && revoke(session.sessionId(), at)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public List<SessionChange> changesSince(Instant since, int limit) {
        synchronized (changes) {
            List<SessionChange> result = new ArrayList<>();
            for (SessionChange change : changes) {
                if (!change.changedAt().isBefore(since) && result.size() < limit) {
                    result.add(change);
                }
            }
            return result;
        }
    }

    @Override
    public int purgeExpired(Instant before) {
        int count = sessions.size();
        sessions.values().removeIf(session -> session.renewalDeadline().isBefore(before));
        synchronized (changes) {
            // Changes of purged sessions are no longer needed by anyone.
            changes.removeIf(change -> !sessions.containsKey(change.sessionId()));
        }
        return count - sessions.size();
    }

    /** How many sessions are stored (live or revoked). */
    public int size() {
        return sessions.size();
    }

    private void recordChange(SessionRecord session, Instant at) {
        synchronized (changes) {
            changes.add(SessionChange.of(session.sessionId(), session.generation(), session.isRevoked(), at));
        }
    }
}
