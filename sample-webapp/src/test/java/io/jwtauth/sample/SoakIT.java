package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak of the sample on PostgreSQL: {@code JWTAUTH_SOAK_SECONDS} (CI: 60) of 64 concurrent
 * clients, loopback only, each cycling login → calls → renew → calls → logout. Zero errors; afterwards no
 * session left open and no database connection leaked. Runs only when both PostgreSQL and the soak are
 * requested ({@code .ci/run} requests them).
 */
class SoakIT {
    private static final int CLIENTS = 64;

    @Test
    void soakWhenManyClientsCycleTheFlowThenNoErrorsNoLeaks(@TempDir Path directory) throws Exception {
        String postgres = SampleProcess.postgresUrl();
        String seconds = System.getenv("JWTAUTH_SOAK_SECONDS");
        assumeTrue(postgres != null, "JWTAUTH_TEST_POSTGRES_URL not set");
        assumeTrue(seconds != null && !seconds.isBlank(), "JWTAUTH_SOAK_SECONDS not set: soak not requested");
        long durationMillis = Long.parseLong(seconds.strip()) * 1000;
        SampleProcess.dropTables(postgres);
        String appUrl = postgres + (postgres.contains("?") ? "&" : "?") + "ApplicationName=jwtauth-soak";
        String connections = "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'jwtauth-soak'";

        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger cycles = new AtomicInteger();
        AtomicLong throttled = new AtomicLong();
        try (SampleProcess app = new SampleProcess(directory.resolve("data"), directory.resolve("soak.log"), Map.of("JWTAUTH_DB_URL", appUrl))) {
            SampleFlow flow = app.flow;
            long deadline = System.currentTimeMillis() + durationMillis;
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                String user = c % 2 == 0 ? "demo" : "admin";
                String password = user + "-password-1";
                clients.add(pool.submit(() -> {
                    while (System.currentTimeMillis() < deadline) {
                        SampleFlow.Reply login = expect(flow, statuses, errors, "POST", "/auth/login", null,
                                "{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}", 200, 429);
                        if (login == null || login.status() == 429) {
                            throttled.incrementAndGet();
                            sleepSeconds(login == null ? "1" : login.retryAfter());
                            continue;
                        }
                        JsonNode tokens = login.body();
                        for (int i = 0; i < 10; i++) {
                            expect(flow, statuses, errors, "GET", "/api/me", tokens.get("accessToken").asText(), null, 200);
                        }
                        SampleFlow.Reply renewed = expect(flow, statuses, errors, "POST", "/auth/extendtoken", tokens.get("accessToken").asText(),
                                "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}", 200);
                        String access = renewed == null ? tokens.get("accessToken").asText() : renewed.body().get("accessToken").asText();
                        for (int i = 0; i < 10; i++) {
                            expect(flow, statuses, errors, "GET", "/api/me", access, null, 200);
                        }
                        expect(flow, statuses, errors, "POST", "/auth/logout", access, null, 200);
                        expect(flow, statuses, errors, "GET", "/api/me", access, null, 401);
                        cycles.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get(durationMillis + 120_000, TimeUnit.MILLISECONDS);
            }
            pool.shutdown();
            long open = SampleProcess.count(postgres, "SELECT COUNT(*) FROM jwtauth_sessions WHERE revoked_at IS NULL");
            long pooled = SampleProcess.count(postgres, connections);
            long requests = statuses.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf("[soak] %d s, %d clients: %d cycles, %d requests (%.0f/s), statuses %s, %d logins throttled and retried, "
                            + "%d errors, %d sessions left open, %d pooled connections%n", durationMillis / 1000, CLIENTS, cycles.get(), requests,
                    requests * 1000.0 / durationMillis, statuses, throttled.get(), errors.size(), open, pooled);
            assertEquals(List.of(), errors.subList(0, Math.min(10, errors.size())));
            assertEquals(0, open, "every session that was opened was closed");
            assertTrue(pooled <= 10, "connections within the pool size: " + pooled);
            assertTrue(cycles.get() > 0);
        }
        long deadline = System.currentTimeMillis() + 15_000;
        long left;
        while ((left = SampleProcess.count(postgres, connections)) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(0, left, "the pool released every connection on shutdown");
    }

    private static SampleFlow.Reply expect(SampleFlow flow, Map<Integer, AtomicLong> statuses, List<String> errors, String method, String path,
                                        String bearer, String body, int... allowed) {
        SampleFlow.Reply reply;
        try {
            reply = flow.call(method, path, bearer, body);
        } catch (AssertionError e) {
            errors.add(method + " " + path + ": " + e.getMessage());
            return null;
        }
        statuses.computeIfAbsent(reply.status(), k -> new AtomicLong()).incrementAndGet();
        for (int status : allowed) {
            if (reply.status() == status) {
                return reply;
            }
        }
        errors.add(method + " " + path + " -> " + reply.status() + " " + reply.body());
        return null;
    }

    private static void sleepSeconds(String retryAfter) {
        try {
            Thread.sleep(1000L * Math.min(5, retryAfter == null ? 1 : Long.parseLong(retryAfter)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
