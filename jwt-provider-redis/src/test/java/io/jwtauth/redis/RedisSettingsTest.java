package io.jwtauth.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.spi.StoreUnavailableException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code jwtauth.redis.*} settings: each bad value stops the start naming its key, and a password never shows. */
class RedisSettingsTest {
    private static Settings settings(String... pairs) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return Settings.of(raw);
    }

    private static String refusal(String... pairs) {
        return assertThrows(ConfigException.class, () -> RedisSettings.from(settings(pairs))).getMessage();
    }

    @Test
    void urlWhenMissingOrNotRedisThenTheStartNamesTheKey() {
        assertTrue(refusal().startsWith("jwtauth.redis.url: is required"), refusal());
        assertTrue(refusal("jwtauth.redis.url", "http://:hunter2@cache:6379").startsWith("jwtauth.redis.url: is not a Redis URL"));
        assertFalse(refusal("jwtauth.redis.url", "http://:hunter2@cache:6379").contains("hunter2"), "the password is masked");
    }

    @Test
    void otherKeysWhenOutOfRangeThenTheStartNamesThem() {
        assertTrue(refusal("jwtauth.redis.url", "redis://cache", "jwtauth.redis.key-prefix", "a}b").startsWith("jwtauth.redis.key-prefix"));
        assertTrue(refusal("jwtauth.redis.url", "redis://cache", "jwtauth.redis.timeout", "10ms").startsWith("jwtauth.redis.timeout"));
        assertTrue(refusal("jwtauth.redis.url", "redis://cache", "jwtauth.redis.wait-replicas", "-1").startsWith("jwtauth.redis.wait-replicas"));
    }

    @Test
    void urlForms() {
        RedisSettings plain = RedisSettings.from(settings("jwtauth.redis.url", "redis://:s3cret@cache.internal:6380/3"));
        assertEquals("cache.internal", plain.uri().getHost());
        assertEquals(3, plain.uri().getDatabase());
        assertEquals("redis://:****@cache.internal:6380/3", plain.maskedUrl());
        assertEquals("{jwtauth}:", plain.keyPrefix());
        assertTrue(RedisSettings.from(settings("jwtauth.redis.url", "rediss://cache:6380")).uri().isSsl());
        RedisSettings sentinel = RedisSettings.from(settings("jwtauth.redis.url", "redis-sentinel://s1:26379,s2:26379/0#jwtauth-master"));
        assertEquals(2, sentinel.uri().getSentinels().size());
        assertEquals("jwtauth-master", sentinel.uri().getSentinelMasterId());
    }

    @Test
    void aRedisUrlAloneChoosesRedisAndAnUnknownStoreNameIsRefused() {
        RedisStoreFactory factory = new RedisStoreFactory();
        assertTrue(factory.chosenBy(settings("jwtauth.redis.url", "redis://cache")));
        assertFalse(factory.chosenBy(settings("jwtauth.redis.url", "")), "an unset ${env:…} leaves sessions in the provider");
        ConfigException unknown = assertThrows(ConfigException.class, () -> JwtAuth.builder().settings(Map.of("jwtauth.key.secret",
                "0123456789abcdef0123456789abcdef", "jwtauth.sessions.store", "memcached"))
                .provider(new InMemoryStores(new InMemoryIdentityStore(1000))).build());
        assertTrue(unknown.getMessage().startsWith("jwtauth.sessions.store: no session store named 'memcached'")
                && unknown.getMessage().contains("[redis]"), unknown.getMessage());
    }

    @Test
    void redisUnreachableAtStartThenTheStartFailsNamingTheUrlWithoutItsPassword() {
        StoreUnavailableException down = assertThrows(StoreUnavailableException.class, () -> JwtAuth.builder().settings(Map.of(
                "jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.redis.url", "redis://:hunter2@127.0.0.1:1",
                "jwtauth.redis.timeout", "300ms")).provider(new InMemoryStores(new InMemoryIdentityStore(1000))).build());
        assertTrue(down.getMessage().startsWith("jwtauth.redis.url: cannot reach redis at redis://:****@127.0.0.1:1"), down.getMessage());
        assertFalse(down.getMessage().contains("hunter2"));
    }
}
