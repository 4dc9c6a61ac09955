package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The servlet security API as a downstream servlet sees it. */
class WrapperIT {
    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.token.sources", "header,query,cookie,form");
        server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build());
        token = server.login("demo", "demo-password-1").json().get("accessToken").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void downstreamWhenValidTokenThenPrincipalRemoteUserRolesAndAuthType() {
        JsonNode seen = server.get("/api/me?role=Subscribers", token).json();
        assertEquals("demo", seen.get("principal").asText());
        assertEquals("demo", seen.get("remoteUser").asText());
        assertEquals("BEARER", seen.get("authType").asText());
        assertTrue(seen.get("inRole").asBoolean());
        assertFalse(server.get("/api/me?role=Administrators", token).json().get("inRole").asBoolean());
        assertTrue(server.get("/api/me?role=**", token).json().get("inRole").asBoolean());
        assertTrue(seen.get("sid").isTextual());
    }

    @Test
    void downstreamWhenForwardedOrIncludedThenStillAuthenticated() {
        JsonNode forwarded = server.get("/api/forwarder?forward=/api/target%3Frole%3DSubscribers", token).json();
        assertEquals("demo", forwarded.get("principal").asText());
        assertEquals("/api/target", forwarded.get("path").asText());
        assertTrue(forwarded.get("inRole").asBoolean());
        JsonNode included = server.get("/api/includer?include=/api/target", token).json();
        assertEquals("demo", included.get("remoteUser").asText());
    }

    @Test
    void publicPathWhenValidTokenThenStillApplied() {
        JsonNode seen = server.get("/api/public/ping", token).json();
        assertEquals("demo", seen.get("principal").asText());
        JsonNode anonymous = server.get("/api/public/ping", null).json();
        assertTrue(anonymous.get("principal").isNull());
        JsonNode badTokenOnPublic = server.get("/api/public/ping", "garbage").json();
        assertTrue(badTokenOnPublic.get("principal").isNull(), "a bad token on a public path is ignored");
    }

    @Test
    void optInSourcesWhenQueryCookieOrFormThenAuthenticated() {
        assertEquals("demo", server.send(HttpRequest.newBuilder(server.uri("/api/me?access_token=" + token))).json().get("principal").asText());
        assertEquals("demo", server.send(HttpRequest.newBuilder(server.uri("/api/me")).header("Cookie", "access_token=" + token))
                .json().get("principal").asText());
        assertEquals("demo", server.send(HttpRequest.newBuilder(server.uri("/api/me"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))))
                .json().get("principal").asText());
    }

    @Test
    void optInSourcesWhenNotEnabledThenIgnored() throws Exception {
        try (TestServer headerOnly = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build())) {
            String own = headerOnly.login("demo", "demo-password-1").json().get("accessToken").asText();
            assertEquals(401, headerOnly.send(HttpRequest.newBuilder(headerOnly.uri("/api/me?access_token=" + own))).status());
            assertEquals(401, headerOnly.send(HttpRequest.newBuilder(headerOnly.uri("/api/me")).header("Cookie", "access_token=" + own)).status());
        }
    }
}
