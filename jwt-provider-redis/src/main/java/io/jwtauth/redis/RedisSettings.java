package io.jwtauth.redis;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code jwtauth.redis.*} settings, validated once; every bad value is a {@link ConfigException} naming its key.
 * Immutable.
 *
 * <ul>
 *   <li>{@code url} (required): {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://…} for TLS,
 *       or {@code redis-sentinel://[[user]:password@]host[:port][,host2[:port]]/[database]#master} for Sentinel. Put
 *       the password in through {@code ${env:…}}: it is masked wherever the URL is logged;</li>
 *   <li>{@code timeout}: each command's limit (default 2 s); past it the request gets {@code 503};</li>
 *   <li>{@code key-prefix}: what every key starts with, inside a hash tag ({@code {jwtauth}:…}), so that several
 *       applications can share one Redis;</li>
 *   <li>{@code wait-replicas}: after every session write, wait until this many replicas have it (Redis {@code WAIT}),
 *       so that a failover loses none (default 0: a standalone server).</li>
 * </ul>
 */
final class RedisSettings {
    static final String URL = "jwtauth.redis.url";
    static final String TIMEOUT = "jwtauth.redis.timeout";
    static final String KEY_PREFIX = "jwtauth.redis.key-prefix";
    static final String WAIT_REPLICAS = "jwtauth.redis.wait-replicas";
    static final Set<String> KEYS = Set.of(URL, TIMEOUT, KEY_PREFIX, WAIT_REPLICAS);

    private final RedisURI uri;
    private final String maskedUrl;
    private final Duration timeout;
    private final String keyPrefix;
    private final int waitReplicas;

    private RedisSettings(Settings settings) {
        String url = settings.get(URL).filter(value -> !value.isBlank()).orElseThrow(() -> new ConfigException(URL,
                "is required with jwtauth.sessions.store=redis: redis://host:6379, rediss://… or redis-sentinel://…#master"));
        this.maskedUrl = Settings.maskCredentials(url);
        this.timeout = settings.duration(TIMEOUT, Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(60));
        RedisURI parsed;
        try {
            parsed = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new ConfigException(URL, "is not a Redis URL (redis://host:6379, rediss://…, redis-sentinel://…#master): '"
                    + maskedUrl + "'");
        }
        if (parsed.getHost() == null && parsed.getSentinels().isEmpty()) {
            throw new ConfigException(URL, "names no host: '" + maskedUrl + "'");
        }
        parsed.setTimeout(timeout);
        this.uri = parsed;
        String prefix = settings.string(KEY_PREFIX, "jwtauth");
        if (!prefix.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ConfigException(KEY_PREFIX, "must be 1 to 64 letters, digits, '_', '.' or '-', was '" + prefix + "'");
        }
        // One hash tag for every key: a script touches a session, its user's index and the feed at once, which Redis
        // Cluster allows only within one slot.
        this.keyPrefix = "{" + prefix + "}:";
        this.waitReplicas = settings.integer(WAIT_REPLICAS, 0, 0, 16);
    }

    static RedisSettings from(Settings settings) {
        return new RedisSettings(settings);
    }

    RedisURI uri() {
        return uri;
    }

    /** The URL with its password masked, for log lines and messages. */
    String maskedUrl() {
        return maskedUrl;
    }

    Duration timeout() {
        return timeout;
    }

    /** {@code {prefix}:}: what every key starts with. */
    String keyPrefix() {
        return keyPrefix;
    }

    int waitReplicas() {
        return waitReplicas;
    }
}
