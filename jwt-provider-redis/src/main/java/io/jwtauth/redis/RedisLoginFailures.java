package io.jwtauth.redis;

import io.jwtauth.core.spi.LoginFailureStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Failed-login counts in Redis, shared by every node: one counter per key, {@code {p}:f:<key>}, whose window starts
 * at its first failure and ends when Redis expires it (on Redis's clock). Both calls are one script each: concurrent
 * first failures all count. Thread-safe.
 */
final class RedisLoginFailures implements LoginFailureStore {
    private static final RedisCalls.Script RECORD = new RedisCalls.Script("""
            for _, key in ipairs(KEYS) do
              if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
            end
            return #KEYS
            """);
    private static final RedisCalls.Script READ = new RedisCalls.Script("""
            local out = {}
            for _, key in ipairs(KEYS) do
              out[#out + 1] = redis.call('GET', key) or ''
              out[#out + 1] = redis.call('PTTL', key)
            end
            return out
            """);

    private final RedisCalls redis;
    private final String prefix;

    RedisLoginFailures(RedisCalls redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix + "f:";
    }

    @Override
    public void recordFailures(Collection<String> keys, Duration window) {
        if (!keys.isEmpty()) {
            redis.eval(RECORD, ScriptOutputType.INTEGER, redisKeys(keys), Long.toString(window.toMillis()));
        }
    }

    @Override
    public Map<String, Count> read(Collection<String> keys, Duration window) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> ordered = List.copyOf(keys);
        List<Object> reply = redis.eval(READ, ScriptOutputType.MULTI, redisKeys(ordered));
        Map<String, Count> counts = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            String failures = (String) reply.get(2 * i);
            long millisLeft = (Long) reply.get(2 * i + 1);
            if (!failures.isEmpty() && millisLeft > 0) {
                counts.put(ordered.get(i), new Count(Integer.parseInt(failures), Math.max(1, (millisLeft + 999) / 1000)));
            }
        }
        return counts;
    }

    private String[] redisKeys(Collection<String> keys) {
        return keys.stream().map(key -> prefix + key).toArray(String[]::new);
    }
}
