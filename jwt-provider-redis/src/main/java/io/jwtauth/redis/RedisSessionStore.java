package io.jwtauth.redis;

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
    private static final int MAX_SUPERSEDED = 16;
    /**
     * Every value in a session's hash stays within 64 bytes, so that Redis keeps the hash in its compact encoding (a
     * listpack, half the memory of a hash table): the user agent is kept in chunks, each superseded hash in a field.
     */
    private static final int CHUNK = 60;

    /** Records a change first (so that a failing script has changed nothing else): the next key, its stream entry. */
    private static final String CHANGE = """
            local function change(feed, seq, sid)
              local n = redis.call('INCR', seq)
              redis.call('XADD', feed, n .. '-0', 's', sid)
            end
            local function revoke(s, sid, at, feed, seq, expiry, userKey)
              change(feed, seq, sid)
              redis.call('HSET', s, 'x', at)
              redis.call('ZREM', userKey, sid)
              redis.call('ZADD', expiry, at, sid)
            end
            """;
    private static final RedisCalls.Script CREATE = new RedisCalls.Script("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('jwtauth: session id taken') end
            redis.call('SET', KEYS[4], ARGV[2], 'NX')
            redis.call('HSET', KEYS[1], unpack(ARGV, 6))
            redis.call('PEXPIREAT', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
            local expires = redis.call('PEXPIRETIME', KEYS[2])
            if expires < tonumber(ARGV[3]) then redis.call('PEXPIREAT', KEYS[2], ARGV[3]) end
            redis.call('ZADD', KEYS[3], ARGV[5], ARGV[1])
            return 1
            """);
    /** ARGV[8..]: the superseded hashes, newest first, one field each ({@code sh0}, {@code sh1}, …). */
    private static final RedisCalls.Script REPLACE = new RedisCalls.Script(CHANGE + """
            local v = redis.call('HMGET', KEYS[1], 'g', 'rh', 'x')
            if not v[1] or v[3] or tonumber(v[1]) ~= tonumber(ARGV[2]) or v[2] ~= ARGV[3] then return 0 end
            change(KEYS[2], KEYS[3], ARGV[1])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            redis.call('HSET', KEYS[1], 'rh', ARGV[4], 'sa', now, 'g', tonumber(v[1]) + 1, 'at', ARGV[5], 'r', ARGV[6])
            for i = 0, 15 do redis.call('HDEL', KEYS[1], 'sh' .. i) end
            for i = 1, tonumber(ARGV[7]) do redis.call('HSET', KEYS[1], 'sh' .. (i - 1), ARGV[7 + i]) end
            return 1
            """);
    private static final RedisCalls.Script REVOKE = new RedisCalls.Script(CHANGE + """
            local v = redis.call('HMGET', KEYS[1], 'u', 'x')
            if not v[1] or v[2] then return 0 end
            revoke(KEYS[1], ARGV[1], ARGV[2], KEYS[2], KEYS[3], KEYS[4], ARGV[3] .. v[1])
            return 1
            """);
    /** ARGV[1]: how many of the newest to keep (0: all end). */
    private static final RedisCalls.Script REVOKE_OLDEST = new RedisCalls.Script(CHANGE + """
            local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
            local n = 0
            for i = 1, #ids - tonumber(ARGV[1]) do
              local s = ARGV[3] .. ids[i]
              local v = redis.call('HMGET', s, 'u', 'x')
              if v[1] and not v[2] then
                revoke(s, ids[i], ARGV[2], KEYS[2], KEYS[3], KEYS[4], KEYS[1])
                n = n + 1
              else
                redis.call('ZREM', KEYS[1], ids[i])
              end
            end
            return n
            """);
    private static final RedisCalls.Script PURGE = new RedisCalls.Script("""
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))
            for _, sid in ipairs(ids) do
              local s = ARGV[2] .. sid
              local user = redis.call('HGET', s, 'u')
              if user then redis.call('ZREM', ARGV[3] .. user, sid) end
              redis.call('DEL', s)
              redis.call('ZREM', KEYS[1], sid)
            end
            return #ids
            """);
    /** The epoch, then each entry's key and session id, flat: a page of a thousand is two thousand and one strings. */
    private static final RedisCalls.Script CHANGES = new RedisCalls.Script("""
            local out = {redis.call('GET', KEYS[2]) or ''}
            for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', ARGV[3])) do
              out[#out + 1] = entry[1]
              out[#out + 1] = entry[2][2]
            end
            return out
            """);

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
        field(args, "u", session.userId());
        field(args, "rh", session.renewalHash());
        List<String> superseded = superseded(session.supersededHashes());
        for (int i = 0; i < superseded.size(); i++) {
            field(args, "sh" + i, superseded.get(i));
        }
        field(args, "sa", millis(session.supersededAt()));
        field(args, "g", Long.toString(session.generation()));
        field(args, "at", session.accessTokenId());
        field(args, "cd", session.credentialDigest());
        field(args, "c", millis(session.createdAt()));
        field(args, "r", millis(session.renewedAt()));
        field(args, "d", millis(session.renewalDeadline()));
        field(args, "x", millis(session.revokedAt()));
        field(args, "ip", session.clientAddress());
        String userAgent = session.userAgent();
        for (int i = 0; userAgent != null && i * CHUNK < userAgent.length(); i++) {
            field(args, "ua" + i, userAgent.substring(i * CHUNK, Math.min(userAgent.length(), (i + 1) * CHUNK)));
        }
        redis.eval(CREATE, ScriptOutputType.INTEGER, new String[] {sessionKey(session.sessionId()), userKey(session.userId()),
                expiryKey, epochKey}, args.toArray(String[]::new));
        awaitReplicas();
    }

    private static void field(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }

    @Override
    public Optional<SessionRecord> find(String sessionId) {
        Map<String, String> fields = redis.call(() -> redis.commands().hgetall(sessionKey(sessionId)));
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        List<String> superseded = new ArrayList<>();
        for (int i = 0; fields.containsKey("sh" + i); i++) {
            superseded.add(fields.get("sh" + i));
        }
        StringBuilder userAgent = null;
        for (int i = 0; fields.containsKey("ua" + i); i++) {
            userAgent = (userAgent == null ? new StringBuilder() : userAgent).append(fields.get("ua" + i));
        }
        return Optional.of(new SessionRecord(sessionId, fields.get("u"), fields.get("rh"), superseded, instant(fields.get("sa")),
                Long.parseLong(fields.get("g")), fields.get("at"), fields.get("cd"), instant(fields.get("c")), instant(fields.get("r")),
                instant(fields.get("d")), instant(fields.get("x")), fields.get("ip"), userAgent == null ? null : userAgent.toString()));
    }

    @Override
    public boolean replaceRenewal(RenewalUpdate update) {
        List<String> superseded = superseded(update.supersededHashes());
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

    /** Core keeps at most 16 superseded hashes; more would not fit the fields {@code sh0..sh15}. */
    private static List<String> superseded(List<String> hashes) {
        if (hashes.size() > MAX_SUPERSEDED) {
            throw new IllegalArgumentException("more than " + MAX_SUPERSEDED + " superseded renewal hashes");
        }
        return hashes;
    }

    private static String millis(Instant instant) {
        return instant == null ? null : Long.toString(instant.toEpochMilli());
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
