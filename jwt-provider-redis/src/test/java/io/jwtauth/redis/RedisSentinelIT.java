package io.jwtauth.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover under Sentinel, as a client sees it: a master, two replicas and a Sentinel of the test's own; a node on
 * {@code redis-sentinel://…#master} with {@code jwtauth.redis.wait-replicas=1} (so that after the failover one replica
 * is left to acknowledge). The master dies: requests get {@code 503}
 * (never a wrong answer) until Sentinel has promoted the replica and the node has followed; then the session written
 * before the failover is there and renews (every session write waited for the replica), a revocation made after it
 * holds, and logins work.
 */
class RedisSentinelIT {
    private static final ClientInfo CLIENT = new ClientInfo("198.51.100.8", "redis-sentinel");

    @Test
    void masterDiesThen503UntilTheReplicaIsPromotedAndNothingWrittenBeforeIsLost(@TempDir Path dir) throws Exception {
        try (RedisServer master = RedisServer.start();
             RedisServer replica = RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port)));
             RedisServer second = RedisServer.start(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port)));
             RedisServer sentinel = RedisServer.sentinel(master.port, "jwtauth-master", dir)) {
            awaitReplication(replica);
            awaitReplication(second);
            InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                    .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"));
            Map<String, String> settings = Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "sentinel-test",
                    "jwtauth.redis.url", "redis-sentinel://127.0.0.1:" + sentinel.port + "/0#jwtauth-master",
                    "jwtauth.redis.wait-replicas", "1", "jwtauth.redis.timeout", "1s", "jwtauth.revocation.poll-interval", "200ms",
                    "jwtauth.revocation.max-staleness", "30s");
            try (AuthService node = JwtAuth.builder().settings(settings).provider(new InMemoryStores(users)).build()) {
                TokenResponse before = node.login("alice", "alice-password-1".toCharArray(), CLIENT);
                TokenResponse revokedLater = node.login("alice", "alice-password-1".toCharArray(), CLIENT);
                assertEquals("alice", node.authenticate(before.accessToken()).getName());

                master.down();
                long downAt = System.nanoTime();
                // During the failover: 503 or the right answer, nothing else.
                // A login is a write: it succeeds once the node writes to the promoted replica.
                eventually(Duration.ofSeconds(30), () -> node.login("alice", "alice-password-1".toCharArray(), CLIENT));
                TokenResponse renewed = node.renew(before.accessToken(), before.renewalToken(), CLIENT);
                long tookMillis = (System.nanoTime() - downAt) / 1_000_000;
                assertEquals("alice", node.authenticate(renewed.accessToken()).getName(), "the session written before the failover");
                assertTrue(replicaIsMaster(replica) || replicaIsMaster(second), "Sentinel promoted a replica");

                node.logout(revokedLater.accessToken(), false, CLIENT);
                AuthException refused = assertThrows(AuthException.class, () -> node.authenticate(revokedLater.accessToken()));
                assertEquals(AuthError.BAD_TOKEN, refused.error());
                assertEquals("alice", node.authenticate(node.login("alice", "alice-password-1".toCharArray(), CLIENT).accessToken()).getName());
                System.out.println("[sentinel] requests answered again " + tookMillis + " ms after the master died");
            }
        }
    }

    /** Calls until it succeeds; only {@code unavailable} may come before. */
    private static <T> T eventually(Duration limit, Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (AuthException e) {
                assertEquals(AuthError.UNAVAILABLE, e.error(), "during a failover only 503: " + e.getMessage());
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer " + limit + " after the master died", e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void awaitReplication(RedisServer replica) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (info(replica).contains("master_link_status:up")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the replica never linked to its master");
    }

    private static boolean replicaIsMaster(RedisServer replica) {
        return info(replica).contains("role:master");
    }

    private static String info(RedisServer server) {
        RedisClient client = RedisClient.create(server.url());
        try (var connection = client.connect()) {
            return connection.sync().info("replication");
        } finally {
            client.shutdown();
        }
    }
}
