package io.jwtauth.jdbc.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.config.Settings;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** LISTEN/NOTIFY on PostgreSQL: with a 30 s poll interval, a logout still reaches the other node at once. */
class PostgresPushIT {
    private static final ClientInfo CLIENT = new ClientInfo("198.51.100.30", "push");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
    }

    private AuthService node(String url, boolean notify) {
        Settings settings = TestDatabases.settings(url, Map.of("jwtauth.revocation.poll-interval", "30s",
                "jwtauth.jdbc.notify", Boolean.toString(notify), "jwtauth.jdbc.pool-size", "4"));
        AuthService node = JwtAuth.builder().settings(settings).provider(JdbcStores.create(settings)).build();
        closing.add(0, node);
        return node;
    }

    private static long millisUntilRefused(AuthService node, String token, long limitMillis) throws InterruptedException {
        long start = System.nanoTime();
        while ((System.nanoTime() - start) / 1_000_000 < limitMillis) {
            try {
                node.authenticate(token);
            } catch (AuthException e) {
                assertEquals(AuthError.BAD_TOKEN, e.error());
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(5);
        }
        return -1;
    }

    @Test
    void logoutWhenNotifyOnThenOtherNodeRefusesWithinAFewHundredMillisecondsAndWithoutItOnlyAtItsPoll() throws Exception {
        String url = TestDatabases.POSTGRESQL.url();
        TestDatabases.dropTables(url);
        JdbcStores setup = JdbcStores.create(TestDatabases.settings(url, Map.of()));
        closing.add(setup);
        setup.users().createUser("alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users"));

        AuthService writer = node(url, true);
        AuthService pushed = node(url, true);
        AuthService polling = node(url, false);
        Thread.sleep(1000); // the listener has connected
        TokenResponse alice = writer.login("alice", "alice-password-1".toCharArray(), CLIENT);
        pushed.authenticate(alice.accessToken());
        polling.authenticate(alice.accessToken());
        writer.logout(alice.accessToken(), false, CLIENT);

        long pushedMillis = millisUntilRefused(pushed, alice.accessToken(), 2000);
        assertTrue(pushedMillis >= 0 && pushedMillis < 1000, "pushed node refused after " + pushedMillis + " ms");
        // The control: the node without push still trusts its cache, because its next poll is up to 30 s away.
        assertEquals("alice", polling.authenticate(alice.accessToken()).getName());
        System.out.printf("push: logout refused on the other node after %d ms (poll interval 30 s)%n", pushedMillis);
    }
}
