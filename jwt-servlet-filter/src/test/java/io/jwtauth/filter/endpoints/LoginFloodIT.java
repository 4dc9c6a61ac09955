package io.jwtauth.filter.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.filter.JwtAuthFilter;
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

/** A login flood meets a fixed number of password checks, not a growing queue; failures per address are capped too. */
class LoginFloodIT {
    @Test
    void loginWhenMoreConcurrentThanAllowedThenExcessGets429() throws Exception {
        // A realistic (slow) hash, so that checks overlap.
        InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore()
                .addUser("1", "demo", "Demo", "demo-password-1".toCharArray(), Set.of()));
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.login.max-concurrent", "1");
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(stores).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> server.login("demo", "demo-password-1").status()));
            }
            int ok = 0;
            int throttled = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get();
                if (code == 200) {
                    ok++;
                } else if (code == 429) {
                    throttled++;
                }
            }
            pool.shutdown();
            assertTrue(ok >= 1, "at least one login gets through");
            assertTrue(throttled >= 1, "the excess is refused at once, not queued");
            assertEquals(8, ok + throttled);
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
