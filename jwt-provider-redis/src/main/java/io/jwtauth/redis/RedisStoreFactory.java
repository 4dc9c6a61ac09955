package io.jwtauth.redis;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.spi.SessionBackend;
import io.jwtauth.core.spi.SessionStoreFactory;
import java.util.Set;

/**
 * {@code jwtauth.sessions.store=redis}, or simply {@code jwtauth.redis.url}: sessions, their change feed and failed-login
 * counts in Redis, beside the identity store that {@code jwtauth.provider} names. Found by the service loader.
 */
public final class RedisStoreFactory implements SessionStoreFactory {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> settingKeys() {
        return RedisSettings.KEYS;
    }

    /** A Redis URL is enough: sessions go there unless {@code jwtauth.sessions.store} says otherwise. */
    @Override
    public boolean chosenBy(Settings settings) {
        return settings.get(RedisSettings.URL).filter(url -> !url.isBlank()).isPresent();
    }

    @Override
    public SessionBackend create(Settings settings) {
        return RedisStores.connect(RedisSettings.from(settings));
    }
}
