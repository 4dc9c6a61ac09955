package io.jwtauth.redis;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.testing.SessionFeedContract;
import io.jwtauth.core.testing.SessionStoreContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The SPI's contract suites on Redis: {@code JWTAUTH_TEST_REDIS_URL} when set (CI: the machine's Redis, database 15),
 * else a redis-server of the test's own. Every run uses keys of its own (a random prefix), so nothing else in that
 * Redis is touched.
 */
class RedisContractsIT {
    private static RedisServer own;
    private static String url;
    private static final String PREFIX = "contract-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void redis() throws Exception {
        url = RedisServer.configuredUrl();
        if (url == null) {
            own = RedisServer.start();
            url = own.url();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (own != null) {
            own.close();
            return;
        }
        // A shared Redis: leave nothing of this run behind.
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(url);
        try (var connection = client.connect()) {
            var commands = connection.sync();
            io.lettuce.core.KeyScanCursor<String> cursor = commands.scan(io.lettuce.core.ScanArgs.Builder.matches("{" + PREFIX + "*").limit(1000));
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    commands.del(cursor.getKeys().toArray(String[]::new));
                }
                if (cursor.isFinished()) {
                    break;
                }
                cursor = commands.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches("{" + PREFIX + "*").limit(1000));
            }
        } finally {
            client.shutdown();
        }
    }

    static RedisStores connect(String redisUrl, String prefix) {
        return RedisStores.connect(RedisSettings.from(Settings.of(Map.of("jwtauth.redis.url", redisUrl, "jwtauth.redis.key-prefix", prefix))));
    }

    @Nested
    class Sessions extends SessionStoreContract {
        private final RedisStores stores = connect(url, PREFIX);

        @Override
        protected SessionStore store() {
            return stores.sessionStore();
        }

        @AfterEach
        void close() {
            stores.close();
        }
    }

    @Nested
    class Feed extends SessionFeedContract {
        private final InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"))
                .addUser("2", "bob", "Bob", "bob-password-1".toCharArray(), Set.of("Registered Users"));
        /** Each test a data set of its own: the suite counts sessions and changes. */
        private final String prefix = PREFIX + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        private final List<RedisStores> opened = new ArrayList<>();

        @Override
        protected StoreProvider connect() {
            RedisStores node = RedisContractsIT.connect(url, prefix);
            opened.add(node);
            return new InMemoryStores(users).withSessionsIn(node);
        }

        @AfterEach
        void close() {
            opened.forEach(RedisStores::close);
        }
    }
}
