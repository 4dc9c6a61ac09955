package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.JWT;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import io.jwtauth.core.tokens.LogoutTokens;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import io.jwtauth.filter.testing.TestServer.Response;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * #33: {@code POST {base}/backchannel-logout/<provider>} over real HTTP, against the loopback identity provider: a
 * valid logout token ends that provider session's tokens; every bad request is a clear 4xx and ends nothing.
 */
class BackchannelLogoutIT {
    private static final String AUDIENCE = "orders-api";
    private static final String CLIENT_ID = "orders-web";
    private static TestIdentityProvider idp;
    private static ProviderKey key;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        idp = TestIdentityProvider.start();
        key = TestIdentityProvider.newKey("kc-1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.external.idp.issuer", idp.issuer());
        settings.put("jwtauth.external.idp.jwks-url", idp.jwksUrl());
        settings.put("jwtauth.external.idp.audience", AUDIENCE);
        settings.put("jwtauth.external.idp.client-id", CLIENT_ID);
        settings.put("jwtauth.external.idp.backchannel-logout", "true");
        server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.close();
    }

    private static String accessToken(String sid) {
        return TestIdentityProvider.sign(idp.token(AUDIENCE, Instant.now()).withClaim("sid", sid)
                .withClaim("preferred_username", "alice").withJWTId(UUID.randomUUID().toString()), key);
    }

    private static String logoutToken(String sid, Map<String, Object> changes) {
        Map<String, Object> claims = new HashMap<>(Map.of("iss", idp.issuer(), "aud", CLIENT_ID, "iat", Instant.now().getEpochSecond(),
                "sub", "f2a9c7e0-user", "sid", sid, "jti", UUID.randomUUID().toString(),
                "events", Map.of(LogoutTokens.EVENT, Map.of())));
        claims.putAll(changes);
        return JWT.create().withHeader(Map.of("typ", "logout+jwt")).withPayload(claims).withKeyId(key.kid()).sign(key.signer());
    }

    private static Response post(String provider, String contentType, String body) {
        return server.send(HttpRequest.newBuilder(server.uri("/auth/backchannel-logout/" + provider)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response logout(String provider, String token) {
        return post(provider, "application/x-www-form-urlencoded", "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    @Test
    void logoutTokenWhenValidThen200AndThatSessionsTokensAreRefused() {
        String ended = accessToken("kc-session-1");
        String other = accessToken("kc-session-2");
        assertEquals(200, server.get("/api/me", ended).status());
        Response logout = logout("idp", logoutToken("kc-session-1", Map.of()));
        assertEquals(200, logout.status(), logout.body());
        assertEquals("no-store", logout.header("Cache-Control"));
        Response refused = server.get("/api/me", ended);
        assertEquals(401, refused.status());
        assertEquals("bad-token", refused.error());
        assertEquals(200, server.get("/api/me", other).status());
    }

    @Test
    void badRequestsThenClear4xxAndNothingEnds() {
        String session = accessToken("kc-session-9");
        assertEquals(400, logout("idp", logoutToken("kc-session-9", Map.of("nonce", "n"))).status());
        assertEquals(400, logout("idp", logoutToken("kc-session-9", Map.of("aud", "someone-else"))).status());
        assertEquals(400, logout("idp", "not-a-token").status());
        assertEquals(400, logout("nobody", logoutToken("kc-session-9", Map.of())).status());
        assertEquals(400, logout("id%20p", logoutToken("kc-session-9", Map.of())).status());
        assertEquals(400, post("idp", "application/json", "{\"logout_token\":\"x\"}").status());
        assertEquals(400, post("idp", "application/x-www-form-urlencoded", "token=x").status());
        assertEquals(400, post("idp", "application/x-www-form-urlencoded", "logout_token=a&logout_token=b").status());
        assertEquals(413, post("idp", "application/x-www-form-urlencoded", "logout_token=" + "a".repeat(20_000)).status());
        Response get = server.get("/auth/backchannel-logout/idp", null);
        assertEquals(405, get.status());
        assertEquals("invalid_request", logout("idp", "not-a-token").error());
        assertEquals(200, server.get("/api/me", session).status(), "nothing was revoked");
    }
}
