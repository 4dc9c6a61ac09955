package io.jwtauth.redis;

import static io.jwtauth.redis.SessionHash.millis;
import static io.jwtauth.redis.SessionScripts.CHANGES;
import static io.jwtauth.redis.SessionScripts.CREATE;
import static io.jwtauth.redis.SessionScripts.PURGE;
import static io.jwtauth.redis.SessionScripts.REPLACE;
import static io.jwtauth.redis.SessionScripts.REVOKE;
import static io.jwtauth.redis.SessionScripts.REVOKE_OLDEST;

import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreUnavailableException;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in Redis. Each write is one Lua script, which Redis runs alone: the renewal's compare-and-set has exactly one
 * winner, and a change and its feed entry are one step.
 *
 * <ul>
 *   <li>{@code {p}:s:<sid>}: the session, a hash of its fields (times in epoch milliseconds), each value within 64
 *       bytes so that Redis keeps it compact;</li>
 *   <li>{@code {p}:u:<user id>}: the user's live sessions by creation time (the per-user cap, logout-all);</li>
 *   <li>{@code {p}:expiry}: every session by the time the purge may delete it (its deadline, or when it was revoked);</li>
 *   <li>{@code {p}:feed}: the change feed, a stream under ids {@code <key>-0} from the counter {@code {p}:seq}
 *       ({@link FeedKeys}); {@code {p}:marks} remembers which key was current when, so that the purge trims it by age;</li>
 *   <li>{@code {p}:epoch}: a random value set once; a Redis that lost its data no longer has it, and every reader
 *       then reports {@link SessionChange#EVERY_SESSION}. So does a reader that finds another server answering (a
 *       failover: its replication id changed).</li>
 * </ul>
 * Sessions that no purge reaches (every node down) expire on their own a week after their deadline.
 */
class RedisSessionStore implements SessionStore {
    /** How long past its deadline a session's keys are kept at most, should no purge run. */
    private static final Duration BACKSTOP = Duration.ofDays(7);
    private static final int PURGE_BATCH = 1000;

    private final RedisCalls redis;
    private final String prefix;
    private final String feedKey;
    private final String seqKey;
    private final String expiryKey;
    private final String epochKey;
    private final String marksKey;
    private final int waitReplicas;
    private final long waitMillis;
    /** The epoch and the server's replication id this reader last saw; a change of either loses the feed's thread. */
    private volatile String epoch;
    private volatile String replicationId;

    RedisSessionStore(RedisCalls redis, String prefix, int waitReplicas, Duration timeout) {
        this.redis = redis;
        this.prefix = prefix;
        this.feedKey = prefix + "feed";
        this.seqKey = prefix + "seq";
        this.expiryKey = prefix + "expiry";
        this.epochKey = prefix + "epoch";
        this.marksKey = prefix + "marks";
        this.waitReplicas = waitReplicas;
        // Within the command's own timeout, so that a missing replica is told apart from a server that does not answer.
        this.waitMillis = Math.max(50, timeout.toMillis() / 2);
    }

    /** Step of start-up: this reader's epoch (made when there is none) and server. */
    void join() {
        this.epoch = establishEpoch();
        this.replicationId = replicationId();
    }

    private String sessionKey(String sessionId) {
        return prefix + "s:" + sessionId;
    }

    private String userKey(String userId) {
        return prefix + "u:" + userId;
    }

    @Override
    public void create(SessionRecord session) {
        long backstop = session.renewalDeadline().plus(BACKSTOP).toEpochMilli();
        List<String> args = new ArrayList<>(List.of(session.sessionId(), java.util.UUID.randomUUID().toString(), Long.toString(backstop),
                millis(session.createdAt()), millis(session.renewalDeadline())));
        args.addAll(SessionHash.fields(session));
        redis.eval(CREATE, ScriptOutputType.INTEGER, new String[] {sessionKey(session.sessionId()), userKey(session.userId()),
                expiryKey, epochKey}, args.toArray(String[]::new));
        awaitReplicas();
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        Map<String, String> fields = redis.call(() -> redis.commands().hgetall(sessionKey(sessionId)));
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(SessionHash.read(sessionId, fields));
    }

    @Override
    public boolean replaceRenewal(RenewalUpdate update) {
        List<String> superseded = SessionHash.superseded(update.supersededHashes());
        List<String> args = new ArrayList<>(List.of(update.sessionId(), Long.toString(update.expectedGeneration()),
                update.expectedRenewalHash(), update.newRenewalHash(), update.newAccessTokenId(), millis(update.now()),
                Integer.toString(superseded.size())));
        args.addAll(superseded);
        Long done = redis.eval(REPLACE, ScriptOutputType.INTEGER, new String[] {sessionKey(update.sessionId()), feedKey, seqKey},
                args.toArray(String[]::new));
        awaitReplicas();
        return done == 1;
    }

    @Override
    public boolean revoke(String sessionId, Instant at) {
        Long done = redis.eval(REVOKE, ScriptOutputType.INTEGER, new String[] {sessionKey(sessionId), feedKey, seqKey, expiryKey},
                sessionId, millis(at), prefix + "u:");
        awaitReplicas();
        return done == 1;
    }

    @Override
    public int revokeAllForUser(String userId, Instant at) {
        return revokeOldest(userId, 0, at);
    }

    @Override
    public int revokeOldest(String userId, int keepNewest, Instant at) {
        Long ended = redis.eval(REVOKE_OLDEST, ScriptOutputType.INTEGER, new String[] {userKey(userId), feedKey, seqKey, expiryKey},
                Integer.toString(keepNewest), millis(at), prefix + "s:");
        if (ended > 0) {
            awaitReplicas();
        }
        return ended.intValue();
    }

    @Override
    public long latestChangeKey() {
        List<StreamMessage<String, String>> last = redis.call(() -> redis.commands().xrevrange(feedKey, Range.create("-", "+"),
                io.lettuce.core.Limit.from(1)));
        return last.isEmpty() ? 0 : FeedKeys.key(last.get(0).getId());
    }

    @Override
    public List<SessionChange> changesAfter(long afterKey, int limit) {
        String from = afterKey <= 0 ? "-" : "(" + FeedKeys.streamId(afterKey);
        return read(from, "+", limit, afterKey);
    }

    @Override
    public List<SessionChange> changesIn(List<KeyRange> ranges, int limit) {
        List<SessionChange> changes = new ArrayList<>();
        for (KeyRange range : ranges) {
            if (changes.size() >= limit) {
                break;
            }
            for (SessionChange change : read(FeedKeys.streamId(range.first()), FeedKeys.streamId(range.last()), limit - changes.size(),
                    range.first() - 1)) {
                changes.add(change);
            }
        }
        return changes;
    }

    /** Entries from {@code from} to {@code to}; a single {@link SessionChange#EVERY_SESSION} when the feed lost its thread. */
    private List<SessionChange> read(String from, String to, int limit, long readerKey) {
        List<Object> reply = redis.eval(CHANGES, ScriptOutputType.MULTI, new String[] {feedKey, epochKey}, from, to,
                Integer.toString(limit));
        String seenEpoch = (String) reply.get(0);
        String server = replicationId();
        if (!seenEpoch.equals(epoch) || !server.equals(replicationId)) {
            this.epoch = establishEpoch();
            this.replicationId = server;
            return List.of(new SessionChange(Math.max(readerKey, 0), SessionChange.EVERY_SESSION));
        }
        List<SessionChange> changes = new ArrayList<>(reply.size() / 2);
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            changes.add(new SessionChange(FeedKeys.key((String) reply.get(i)), (String) reply.get(i + 1)));
        }
        return changes;
    }

    @Override
    public Instant currentTime() {
        List<String> time = redis.call(() -> redis.commands().time());
        return Instant.ofEpochSecond(Long.parseLong(time.get(0)), Long.parseLong(time.get(1)) * 1000);
    }

    @Override
    public int purgeExpired(Instant before) {
        int deleted = 0;
        long purged;
        do {
            purged = redis.eval(PURGE, ScriptOutputType.INTEGER, new String[] {expiryKey}, millis(before), prefix + "s:", prefix + "u:",
                    Integer.toString(PURGE_BATCH));
            deleted += (int) purged;
        } while (purged >= PURGE_BATCH);
        trimFeed(before);
        return deleted;
    }

    /** Drops feed entries recorded before {@code before}: each purge marks the key current at its time. */
    private void trimFeed(Instant before) {
        long now = currentTime().toEpochMilli();
        String current = redis.call(() -> redis.commands().get(seqKey));
        if (current != null) {
            redis.run(() -> redis.commands().zadd(marksKey, now, current));
        }
        List<String> older = redis.call(() -> redis.commands().zrangebyscore(marksKey, Range.create(0d, (double) before.toEpochMilli()),
                io.lettuce.core.Limit.create(0, 1_000_000)));
        if (!older.isEmpty()) {
            long trimTo = older.stream().mapToLong(Long::parseLong).max().getAsLong();
            redis.run(() -> redis.commands().xtrim(feedKey, io.lettuce.core.XTrimArgs.Builder.minId(FeedKeys.streamId(trimTo))));
            redis.run(() -> redis.commands().zremrangebyscore(marksKey, Range.create(0d, (double) before.toEpochMilli())));
        }
    }

    /** The epoch of the data this server holds: made now when there is none (a new or emptied Redis). */
    private String establishEpoch() {
        redis.run(() -> redis.commands().setnx(epochKey, java.util.UUID.randomUUID().toString()));
        String value = redis.call(() -> redis.commands().get(epochKey));
        return value == null ? "" : value;
    }

    /** The replication id of the server answering: another one after a failover. */
    private String replicationId() {
        String info = redis.call(() -> redis.commands().info("replication"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("master_replid:")) {
                return line.substring("master_replid:".length()).trim();
            }
        }
        return "";
    }

    /** {@code jwtauth.redis.wait-replicas}: the write is on that many replicas, or the request fails (503). */
    private void awaitReplicas() {
        if (waitReplicas == 0) {
            return;
        }
        Long acknowledged = redis.call(() -> redis.commands().waitForReplication(waitReplicas, waitMillis));
        if (acknowledged < waitReplicas) {
            throw new StoreUnavailableException("redis: only " + acknowledged + " of " + waitReplicas
                    + " replicas acknowledged a session write within " + waitMillis + " ms (jwtauth.redis.wait-replicas)", null);
        }
    }
}
