package io.jwtauth.redis;

/**
 * The Lua scripts of {@link RedisSessionStore}, one per write, which Redis runs alone: the renewal's compare-and-set
 * ({@link #REPLACE}) has exactly one winner, and every change records its feed entry first, in the same step. Keys and
 * arguments are as the store's methods pass them; the key layout is in the store's comment.
 */
final class SessionScripts {
    private SessionScripts() {
    }

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
    static final RedisCalls.Script CREATE = new RedisCalls.Script("""
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
    static final RedisCalls.Script REPLACE = new RedisCalls.Script(CHANGE + """
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
    static final RedisCalls.Script REVOKE = new RedisCalls.Script(CHANGE + """
            local v = redis.call('HMGET', KEYS[1], 'u', 'x')
            if not v[1] or v[2] then return 0 end
            revoke(KEYS[1], ARGV[1], ARGV[2], KEYS[2], KEYS[3], KEYS[4], ARGV[3] .. v[1])
            return 1
            """);
    /** ARGV[1]: how many of the newest to keep (0: all end). */
    static final RedisCalls.Script REVOKE_OLDEST = new RedisCalls.Script(CHANGE + """
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
    static final RedisCalls.Script PURGE = new RedisCalls.Script("""
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
    static final RedisCalls.Script CHANGES = new RedisCalls.Script("""
            local out = {redis.call('GET', KEYS[2]) or ''}
            for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[2], 'COUNT', ARGV[3])) do
              out[#out + 1] = entry[1]
              out[#out + 1] = entry[2][2]
            end
            return out
            """);
}
