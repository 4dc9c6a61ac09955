package io.jwtauth.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.spi.LoginFailureStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed-login counts in Redis: concurrent first failures of one key all count, and a window ends on Redis's clock. */
class RedisLoginFailuresIT {
    private RedisServer redis;
    private RedisStores stores;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
        stores = RedisContractsIT.connect(redis.url(), "failures");
    }

    @AfterEach
    void stop() throws Exception {
        stores.close();
        redis.close();
    }

    @Test
    void recordFailuresWhenSixtyAtOnceForOneKeyThenEveryOneCounts() throws Exception {
        LoginFailureStore failures = stores.loginFailures().orElseThrow();
        String key = "0123456789abcdef0123456789abcdef";
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(60);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                done.add(threads.submit(() -> {
                    go.await();
                    failures.recordFailures(List.of(key), Duration.ofMinutes(15));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        LoginFailureStore.Count count = failures.read(List.of(key, "no-failures"), Duration.ofMinutes(15)).get(key);
        assertEquals(60, count.failures());
        assertTrue(count.secondsLeft() > 890 && count.secondsLeft() <= 900, "window from the first failure: " + count.secondsLeft());
        assertEquals(Map.of(), failures.read(List.of("no-failures"), Duration.ofMinutes(15)));
    }

    @Test
    void windowWhenItEndsThenTheCountIsGoneAndANewWindowStarts() throws Exception {
        LoginFailureStore failures = stores.loginFailures().orElseThrow();
        failures.recordFailures(List.of("k1"), Duration.ofMillis(400));
        assertEquals(1, failures.read(List.of("k1"), Duration.ofMillis(400)).get("k1").failures());
        Thread.sleep(600);
        assertEquals(Map.of(), failures.read(List.of("k1"), Duration.ofMillis(400)));
        failures.recordFailures(List.of("k1"), Duration.ofMinutes(1));
        assertEquals(1, failures.read(List.of("k1"), Duration.ofMinutes(1)).get("k1").failures());
    }
}
