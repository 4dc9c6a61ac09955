package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A login flood meets a fixed number of password checks and a short, bounded queue in front of them; failures per
 * address are capped too.
 */
class LoginFloodIT {
    @Test
    void loginWhenMoreConcurrentThanAllowedAndNoQueueThenExcessGets429() throws Exception {
        int[] outcome = burst(Map.of("jwtauth.login.queue-timeout", "0s"));
        assertTrue(outcome[0] >= 1, "at least one login gets through");
        assertTrue(outcome[1] >= 1, "with no queue, the excess is refused at once");
        assertEquals(8, outcome[0] + outcome[1]);
    }

    @Test
    void loginWhenMoreConcurrentThanAllowedThenTheBurstQueuesAndAllSucceed() throws Exception {
        // 8 password checks one at a time take about a second; the queue holds them all for up to 20 s.
        int[] outcome = burst(Map.of("jwtauth.login.queue-timeout", "20s"));
        assertEquals(8, outcome[0], "every login of the burst waited its turn");
        assertEquals(0, outcome[1]);
    }

    /** Eight logins at once against one password-check slot: {200s, 429s}. */
    private static int[] burst(Map<String, String> extra) throws Exception {
        // A realistic (slow) hash, so that checks overlap.
        InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore()
                .addUser("1", "demo", "Demo", "demo-password-1".toCharArray(), Set.of()));
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.login.max-concurrent", "1");
        settings.putAll(extra);
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(stores).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> server.login("demo", "demo-password-1").status()));
            }
            int[] outcome = new int[2];
            for (Future<Integer> status : statuses) {
                int code = status.get();
                if (code == 200) {
                    outcome[0]++;
                } else if (code == 429) {
                    outcome[1]++;
                }
            }
            pool.shutdown();
            return outcome;
        }
    }

    @Test
    void loginWhenOneAddressTriesManyNamesThenThrottledPerAddress() throws Exception {
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.login.max-failures-per-address", "4");
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build())) {
            for (int i = 0; i < 4; i++) {
                assertEquals(401, server.login("name-" + i, "x").status());
            }
            TestServer.Response throttled = server.login("demo", "demo-password-1");
            assertEquals(429, throttled.status());
            assertEquals("throttled", throttled.error());
            // The JSON body and headers are the same whether or not the name exists.
            assertEquals(server.login("no-such-user", "x").body(), throttled.body());
            assertEquals(405, server.send(HttpRequest.newBuilder(server.uri("/auth/login"))).status());
        }
    }
}
