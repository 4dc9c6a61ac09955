package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.auth0.jwt.JWT;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import io.jwtauth.core.tokens.LogoutTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #33: OpenID Connect Back-Channel Logout, on two nodes sharing one session store (each with its own caches and its own
 * feed reader), against the loopback identity provider shaped like Keycloak: a logout token received by one node ends
 * the provider's tokens of that session (or subject) on the other once it reads the feed; every malformed logout token
 * is {@code invalid_request} and revokes nothing.
 */
class BackchannelLogoutTest {
    private static final String AUDIENCE = "orders-api";
    private static final String CLIENT_ID = "orders-web";
    private final TestIdentityProvider idp = TestIdentityProvider.start();
    private final ProviderKey key = TestIdentityProvider.newKey("kc-rs256", JwsAlgorithm.RS256, true);
    private final MutableClock clock = new MutableClock(Instant.now());
    private final InMemorySessionStore sharedSessions = new InMemorySessionStore(clock, 1000);
    private final ManualPolling pollA = new ManualPolling();
    private final ManualPolling pollB = new ManualPolling();
    private final AuthService nodeA;
    private final AuthService nodeB;

    BackchannelLogoutTest() {
        idp.publish(key);
        nodeA = node(pollA);
        nodeB = node(pollB);
    }

    private AuthService node(ManualPolling polling) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef",
                "jwtauth.issuer", "jwtauth-test", "jwtauth.external.idp.issuer", idp.issuer(), "jwtauth.external.idp.jwks-url",
                idp.jwksUrl(), "jwtauth.external.idp.audience", AUDIENCE, "jwtauth.external.idp.client-id", CLIENT_ID,
                "jwtauth.external.idp.backchannel-logout", "true"));
        return JwtAuth.builder().settings(settings).provider(new InMemoryStores(new InMemoryIdentityStore(1000), sharedSessions))
                .clock(clock).pollManually(polling).build();
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        idp.close();
    }

    private String accessToken(String sid, String sub, Instant issuedAt) {
        return TestIdentityProvider.sign(idp.token(AUDIENCE, issuedAt).withSubject(sub).withClaim("sid", sid)
                .withClaim("preferred_username", "alice").withJWTId(UUID.randomUUID().toString()), key);
    }

    /** A Keycloak-shaped logout token with these claims replaced (a {@code null} value removes the claim). */
    private String logoutToken(Map<String, Object> changes) {
        return logoutToken(changes, Map.of("typ", "logout+jwt"));
    }

    private String logoutToken(Map<String, Object> changes, Map<String, Object> header) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", idp.issuer());
        claims.put("aud", CLIENT_ID);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("sub", "user-1");
        claims.put("sid", "kc-session-1");
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("events", Map.of(LogoutTokens.EVENT, Map.of()));
        claims.putAll(changes);
        claims.values().removeIf(java.util.Objects::isNull);
        return JWT.create().withHeader(header).withPayload(claims).withKeyId(key.kid()).sign(key.signer());
    }

    private static Map<String, Object> nulls(String... names) {
        Map<String, Object> map = new HashMap<>();
        for (String name : names) {
            map.put(name, null);
        }
        return map;
    }

    private static Map<String, Object> with(String name, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(name, value);
        return map;
    }

    private void assertAccepted(AuthService node, String token) {
        assertEquals("idp:alice", node.authenticate(token).getName());
    }

    private void assertLoggedOut(AuthService node, String token) {
        AuthException refused = assertThrows(AuthException.class, () -> node.authenticate(token));
        assertEquals(AuthError.BAD_TOKEN, refused.error(), refused.getMessage());
    }

    @Test
    void logoutBySidOnOneNodeThenTheOtherRefusesThatSessionsTokensOnceItReadsTheFeed() {
        String session1 = accessToken("kc-session-1", "user-1", clock.instant());
        String session2 = accessToken("kc-session-2", "user-1", clock.instant());
        assertAccepted(nodeA, session1);
        assertAccepted(nodeB, session1); // node B caches the user and the (absent) marker
        assertAccepted(nodeB, session2);

        nodeA.backchannelLogout("idp", logoutToken(Map.of()), ClientInfo.local());
        assertLoggedOut(nodeA, session1);
        pollB.poll(); // node B reads the feed: the revocation bound
        assertLoggedOut(nodeB, session1);
        assertAccepted(nodeB, session2); // another session of the same user lives on

        // A later login at the provider gets a new sid; a token of the old sid issued after the logout passes too.
        clock.advance(java.time.Duration.ofSeconds(5));
        assertAccepted(nodeB, accessToken("kc-session-1", "user-1", clock.instant()));
    }

    @Test
    void logoutBySubAloneThenEveryTokenOfTheSubjectIssuedUpToItIsRefused() {
        String first = accessToken("kc-session-1", "user-1", clock.instant());
        String second = accessToken("kc-session-2", "user-1", clock.instant());
        String otherUser = accessToken("kc-session-3", "user-2", clock.instant());
        assertAccepted(nodeB, first);
        nodeA.backchannelLogout("idp", logoutToken(with("sid", null)), ClientInfo.local());
        pollB.poll();
        assertLoggedOut(nodeB, first);
        assertLoggedOut(nodeB, second);
        assertAccepted(nodeB, otherUser);

        // Logged out again later: the marker's time moves, and the tokens in between are refused too.
        clock.advance(java.time.Duration.ofSeconds(30));
        pollA.poll();
        pollB.poll();
        String between = accessToken("kc-session-4", "user-1", clock.instant());
        assertAccepted(nodeB, between);
        clock.advance(java.time.Duration.ofSeconds(1));
        nodeA.backchannelLogout("idp", logoutToken(with("sid", null)), ClientInfo.local());
        pollB.poll();
        assertLoggedOut(nodeB, between);
    }

    /** The node's clock 20 s behind the provider's: a token the provider issued just before the logout is still ended. */
    @Test
    void logoutWhenTheNodesClockIsBehindTheProvidersThenTokensIssuedJustBeforeTheLogoutAreStillRefused() {
        Instant providerNow = clock.instant().plusSeconds(20);
        String issuedJustBefore = accessToken("kc-session-1", "user-1", providerNow.minusSeconds(5));
        assertAccepted(nodeB, issuedJustBefore);
        nodeA.backchannelLogout("idp", logoutToken(with("iat", providerNow.getEpochSecond())), ClientInfo.local());
        pollB.poll();
        assertLoggedOut(nodeB, issuedJustBefore);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonce", "no-events", "event-not-object", "other-event", "bad-signature", "other-audience",
        "other-issuer", "no-sid-no-sub", "no-iat", "stale-iat", "future-iat", "no-jti", "expired", "typ-at+jwt", "alg-none",
        "not-a-jwt"})
    void logoutTokenWhenMalformedThenInvalidRequestAndNothingRevoked(String flaw) {
        String session = accessToken("kc-session-1", "user-1", clock.instant());
        assertAccepted(nodeA, session);
        String bad = switch (flaw) {
            case "nonce" -> logoutToken(with("nonce", "n-1"));
            case "no-events" -> logoutToken(with("events", null));
            case "event-not-object" -> logoutToken(with("events", Map.of(LogoutTokens.EVENT, "yes")));
            case "other-event" -> logoutToken(with("events", Map.of("http://example.com/other", Map.of())));
            case "bad-signature" -> {
                String valid = logoutToken(Map.of());
                yield valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
            }
            case "other-audience" -> logoutToken(with("aud", "someone-else"));
            case "other-issuer" -> logoutToken(with("iss", "https://evil.example/realms/x"));
            case "no-sid-no-sub" -> logoutToken(nulls("sid", "sub"));
            case "no-iat" -> logoutToken(with("iat", null));
            case "stale-iat" -> logoutToken(with("iat", clock.instant().minusSeconds(3600).getEpochSecond()));
            case "future-iat" -> logoutToken(with("iat", clock.instant().plusSeconds(3600).getEpochSecond()));
            case "no-jti" -> logoutToken(with("jti", null));
            case "expired" -> logoutToken(with("exp", clock.instant().minusSeconds(120).getEpochSecond()));
            case "typ-at+jwt" -> logoutToken(Map.of(), Map.of("typ", "at+jwt"));
            case "alg-none" -> {
                String valid = logoutToken(Map.of());
                yield "eyJhbGciOiJub25lIn0." + valid.split("\\.")[1] + ".";
            }
            default -> "not.a.jwt";
        };
        AuthException refused = assertThrows(AuthException.class, () -> nodeA.backchannelLogout("idp", bad, ClientInfo.local()));
        assertEquals(AuthError.INVALID_REQUEST, refused.error(), flaw + ": " + refused.getMessage());
        pollB.poll();
        assertAccepted(nodeA, session);
        assertAccepted(nodeB, session);
    }

    @Test
    void logoutTokenWhenReplayedThenRefusedTheSecondTime() {
        String once = logoutToken(Map.of());
        nodeA.backchannelLogout("idp", once, ClientInfo.local());
        AuthException replay = assertThrows(AuthException.class, () -> nodeA.backchannelLogout("idp", once, ClientInfo.local()));
        assertEquals(AuthError.INVALID_REQUEST, replay.error());
    }

    @Test
    void logoutTokenForAProviderWithoutBackchannelLogoutThenRefused() {
        AuthException refused = assertThrows(AuthException.class,
                () -> nodeA.backchannelLogout("other", logoutToken(Map.of()), ClientInfo.local()));
        assertEquals(AuthError.INVALID_REQUEST, refused.error());
    }
}
