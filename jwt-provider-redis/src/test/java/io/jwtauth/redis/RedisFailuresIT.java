package io.jwtauth.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a node does when Redis fails, on a redis-server of the test's own and two nodes (separate services, caches and
 * connections), configured as users do ({@code jwtauth.redis.url} beside an identity store): an outage serves known
 * sessions until {@code max-staleness}, then 503, logins 503 at once, and everything recovers with Redis; a Redis that
 * restarted empty refuses the sessions it lost on every node (never accepts them from a cache) and its feed carries
 * revocations again at once.
 */
class RedisFailuresIT {
    private static final ClientInfo CLIENT = new ClientInfo("198.51.100.7", "redis-failures");
    private RedisServer redis;
    private final List<AuthService> nodes = new ArrayList<>();
    private final Map<AuthService, ManualPolling> polls = new HashMap<>();
    private final InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
            .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"));

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(AuthService::close);
        redis.close();
    }

    /** A node as an application configures it; {@code manual} polls only when the test says. */
    private AuthService node(boolean manual) {
        Map<String, String> settings = Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "redis-test",
                "jwtauth.redis.url", redis.url(), "jwtauth.redis.timeout", "500ms", "jwtauth.revocation.poll-interval", "200ms",
                "jwtauth.revocation.max-staleness", "2s");
        JwtAuth.Builder builder = JwtAuth.builder().settings(settings).provider(new InMemoryStores(users));
        ManualPolling polling = new ManualPolling();
        if (manual) {
            builder.pollManually(polling);
        }
        AuthService node = builder.build();
        nodes.add(node);
        polls.put(node, polling);
        return node;
    }

    private static TokenResponse login(AuthService node) {
        return node.login("alice", "alice-password-1".toCharArray(), CLIENT);
    }

    private static AuthError error(Runnable call) {
        return assertThrows(AuthException.class, call::run).error();
    }

    private static void eventually(String what, Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not within " + limit);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void outageWhenRedisStopsAnsweringThenKnownSessionsServeUntilMaxStalenessThen503AndAllRecovers() throws Exception {
        AuthService node = node(false);
        TokenResponse tokens = login(node);
        assertEquals("alice", node.authenticate(tokens.accessToken()).getName());

        redis.freeze();
        long frozenAt = System.nanoTime();
        assertEquals(AuthError.UNAVAILABLE, error(() -> login(node)), "a login needs the store at once");
        assertEquals("alice", node.authenticate(tokens.accessToken()).getName(), "a known session serves while the feed is fresh");
        eventually("503 for the cached session", Duration.ofSeconds(6),
                () -> {
                    try {
                        node.authenticate(tokens.accessToken());
                        return false;
                    } catch (AuthException e) {
                        return e.error() == AuthError.UNAVAILABLE;
                    }
                });
        long servedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
        assertTrue(servedMillis >= 1500, "refused after " + servedMillis + " ms, before max-staleness (2 s)");

        redis.thaw();
        eventually("recovery", Duration.ofSeconds(10), () -> {
            try {
                return node.authenticate(tokens.accessToken()).getName().equals("alice");
            } catch (AuthException e) {
                return false;
            }
        });
        TokenResponse renewed = node.renew(tokens.accessToken(), tokens.renewalToken(), CLIENT);
        assertEquals("alice", node.authenticate(renewed.accessToken()).getName());
        assertEquals("alice", node.authenticate(login(node).accessToken()).getName());
    }

    @Test
    void restartedEmptyThenTheSessionsItLostAreRefusedOnEveryNodeAndItsFeedWorksAgain() throws Exception {
        AuthService nodeA = node(true);
        AuthService nodeB = node(true);
        TokenResponse tokens = login(nodeA);
        for (int i = 0; i < 5; i++) { // changes before the restart: the readers' place in the feed is past key 5
            nodeA.logout(login(nodeA).accessToken(), false, CLIENT);
        }
        polls.get(nodeA).poll();
        polls.get(nodeB).poll();
        assertEquals("alice", nodeB.authenticate(tokens.accessToken()).getName()); // cached as live on node B
        assertEquals("alice", nodeA.authenticate(tokens.accessToken()).getName());

        redis.down();
        redis.up(); // empty: every session and the feed are gone
        eventually("the nodes reconnect", Duration.ofSeconds(10), () -> {
            try {
                polls.get(nodeB).poll();
                polls.get(nodeA).poll();
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        assertEquals(AuthError.BAD_TOKEN, error(() -> nodeB.authenticate(tokens.accessToken())), "a cached session the store lost");
        assertEquals(AuthError.BAD_TOKEN, error(() -> nodeA.authenticate(tokens.accessToken())));
        assertEquals(AuthError.BAD_TOKEN, error(() -> nodeA.renew(tokens.accessToken(), tokens.renewalToken(), CLIENT)));

        // The feed after the restart, whose keys start at 1 again: a logout on node A reaches node B at its next poll.
        TokenResponse again = login(nodeA);
        assertEquals("alice", nodeB.authenticate(again.accessToken()).getName());
        nodeA.logout(again.accessToken(), false, CLIENT);
        polls.get(nodeB).poll();
        assertEquals(AuthError.BAD_TOKEN, error(() -> nodeB.authenticate(again.accessToken())));
    }

    @Test
    void loginFailuresWhenCountedOnOneNodeThenTheOtherThrottlesToo() {
        AuthService nodeA = node(true);
        AuthService nodeB = node(true);
        for (int i = 0; i < 5; i++) {
            AuthService node = i % 2 == 0 ? nodeA : nodeB;
            assertEquals(AuthError.BAD_CREDENTIALS, error(() -> node.login("alice", "wrong-password".toCharArray(), CLIENT)));
        }
        assertEquals(AuthError.THROTTLED, error(() -> login(nodeA)), "five failures from this address over both nodes");
        assertEquals(AuthError.THROTTLED, error(() -> login(nodeB)));
    }
}
