package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample jar with {@code JWTAUTH_REDIS_URL} (DESIGN's sample contract), on a redis-server of the test's own: the
 * whole flow, with the sessions in Redis and the users in the database; and a restart of the sample keeps its sessions
 * (they live in Redis, not in the node).
 */
class SampleRedisIT {
    private static final Path REDIS = Path.of("/usr/bin/redis-server");

    @Test
    void redisUrlSetThenSessionsLiveInRedisAndOutliveTheNode(@TempDir Path work) throws Exception {
        if (System.getenv("JWTAUTH_TEST_REDIS_URL") == null || System.getenv("JWTAUTH_TEST_REDIS_URL").isBlank()) {
            assumeTrue(Files.isExecutable(REDIS), "no redis-server here (apt-get install redis-server); JWTAUTH_TEST_REDIS_URL makes this fail");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process redis = new ProcessBuilder(List.of(REDIS.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no")).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitPort(port);
            String url = "redis://127.0.0.1:" + port;
            Map<String, String> env = Map.of("JWTAUTH_REDIS_URL", url);
            JsonNode kept;
            try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), env)) {
                sample.flow.runWholeFlow();
                kept = sample.flow.login("demo", "demo-password-1");
                assertTrue(Files.readString(work.resolve("sample.log")).contains("sessions, their feed and failed-login counts in redis at "
                        + url), "the start-up line says where sessions live");
            }
            RedisClient client = RedisClient.create(url);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                assertTrue(connection.sync().keys("{jwtauth}:s:*").size() >= 3, "the sessions are in Redis");
            } finally {
                client.shutdown();
            }
            try (SampleProcess restarted = new SampleProcess(work.resolve("data"), work.resolve("sample2.log"), env)) {
                restarted.flow.assertMe(kept, "demo");
                assertTrue(restarted.flow.renew(kept).path("accessToken").isTextual(), "and renews on the restarted node");
            }
        } finally {
            redis.destroyForcibly();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start");
    }
}
