package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.SwitchableStores;
import io.jwtauth.filter.testing.TestServer;
import io.jwtauth.filter.testing.TestServer.Response;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of the HTTP contract's error table, over real HTTP. */
class ErrorTableIT {
    private static SwitchableStores stores;
    private static TestServer server;
    private static final List<String> issuedTokens = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        stores = new SwitchableStores(Fixtures.stores());
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.login.max-failures-per-user", "3");
        settings.put("jwtauth.max-body-size", "1KiB");
        settings.put("jwtauth.trust-forwarded-headers", "true");
        server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(stores).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static JsonNode loginDemo() {
        Response response = server.login("demo", "demo-password-1");
        assertEquals(200, response.status(), response.body());
        issuedTokens.add(response.json().get("accessToken").asText());
        issuedTokens.add(response.json().get("renewalToken").asText());
        return response.json();
    }

    private static void assertError(Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, response.error(), response.body());
        assertTrue(response.json().get("message").isTextual());
        assertEquals("no-store", response.header("Cache-Control"));
    }

    private static String forge(String header, String claims) throws Exception {
        String signingInput = Base64Url.encode(header.getBytes(StandardCharsets.UTF_8)) + "." + Base64Url.encode(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Fixtures.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signingInput + "." + Base64Url.encode(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void loginWhenValidThenTokensAndNoStore() {
        Response response = server.login("demo", "demo-password-1");
        assertEquals(200, response.status());
        JsonNode body = response.json();
        assertEquals("1", body.get("userId").asText());
        assertEquals("Demo User", body.get("displayName").asText());
        assertEquals("Bearer", body.get("tokenType").asText());
        assertTrue(body.get("expiresIn").asLong() > 3500);
        assertEquals("no-store", response.header("Cache-Control"));
        Response aliases = server.post("/auth/login", null, "{\"username\":\"demo\",\"password\":\"demo-password-1\"}");
        assertEquals(200, aliases.status());
    }

    @Test
    void badCredentialsWhenWrongPasswordOrUnknownUserThenSameAnswer() {
        Response wrong = server.login("admin", "wrong-password");
        Response unknown = server.login("nobody-at-all", "wrong-password");
        assertError(wrong, 401, "bad-credentials");
        assertError(unknown, 401, "bad-credentials");
        assertEquals(wrong.body(), unknown.body(), "no hint whether the user exists");
        assertEquals(wrong.header("WWW-Authenticate"), unknown.header("WWW-Authenticate"));
    }

    @Test
    void badJwtWhenMissingMalformedBadSignatureExpiredOrForeignIssuer() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"filter-test\",\"sub\":\"1\",\"sid\":\"x\",\"jti\":\"y\",\"exp\":";
        List<String> bad = List.of("not-a-jwt", "a.b.c", loginDemo().get("accessToken").asText() + "x",
                forge("{\"alg\":\"HS256\"}", claims + (now - 3600) + "}"),
                forge("{\"alg\":\"HS256\"}", claims.replace("filter-test", "someone-else") + (now + 3600) + "}"),
                forge("{\"alg\":\"none\"}", claims + (now + 3600) + "}"));
        for (String token : bad) {
            Response response = server.get("/api/me", token);
            assertError(response, 401, "bad-jwt");
            assertTrue(response.header("WWW-Authenticate").contains("error=\"invalid_token\""), response.header("WWW-Authenticate"));
        }
        assertError(server.send(HttpRequest.newBuilder(server.uri("/api/me")).header("Authorization", "Bearer")), 401, "bad-jwt");
        assertError(server.send(HttpRequest.newBuilder(server.uri("/api/me")).header("Authorization", "Bearer  two words")), 401, "bad-jwt");
        assertError(server.post("/auth/extendtoken", null, "{\"rtoken\":\"x\"}"), 401, "bad-jwt");
        assertError(server.post("/auth/logout", null, "{}"), 401, "bad-jwt");
    }

    @Test
    void badTokenWhenSessionUnknownRevokedSupersededOrRenewalTokenBad() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String unknownSession = forge("{\"alg\":\"HS256\"}", "{\"iss\":\"filter-test\",\"sub\":\"1\",\"sid\":\"no-such-session\",\"jti\":\"y\",\"exp\":" + (now + 600) + "}");
        assertError(server.get("/api/me", unknownSession), 401, "bad-token");

        JsonNode first = loginDemo();
        String access = first.get("accessToken").asText();
        String renewal = first.get("renewalToken").asText();
        assertError(server.post("/auth/extendtoken", access, "{\"rtoken\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}"), 401, "bad-token");
        Response renewed = server.post("/auth/extendtoken", access, "{\"rtoken\":\"" + renewal + "\"}");
        assertEquals(200, renewed.status(), renewed.body());
        issuedTokens.add(renewed.json().get("accessToken").asText());
        issuedTokens.add(renewed.json().get("renewalToken").asText());
        assertError(server.get("/api/me", access), 401, "bad-token");

        String newAccess = renewed.json().get("accessToken").asText();
        assertEquals(200, server.post("/auth/logout", newAccess, "").status());
        assertError(server.get("/api/me", newAccess), 401, "bad-token");
    }

    @Test
    void notMoreRenewalWhenDeadlinePassed() throws Exception {
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.access.ttl", "1s");
        settings.put("jwtauth.renewal.ttl", "1s");
        try (TestServer shortLived = new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build())) {
            JsonNode tokens = shortLived.login("demo", "demo-password-1").json();
            Thread.sleep(1100);
            Response response = shortLived.post("/auth/extendtoken", tokens.get("accessToken").asText(),
                    "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}");
            assertError(response, 401, "not-more-renewal");
        }
    }

    @Test
    void noTokenWhenProtectedPathWithoutTokenThenRealmChallengeWithoutError() {
        Response response = server.get("/api/me", null);
        assertError(response, 401, "no-token");
        assertEquals("Bearer realm=\"jwtauth\"", response.header("WWW-Authenticate"));
        assertEquals(200, server.get("/api/public/ping", null).status());
        Response basic = server.send(HttpRequest.newBuilder(server.uri("/api/me")).header("Authorization", "Basic ZGVtbzpkZW1v"));
        assertError(basic, 401, "no-token");
    }

    @Test
    void forbiddenWhenRoleMissing() {
        String token = loginDemo().get("accessToken").asText();
        Response response = server.get("/api/admin/stats", token);
        assertError(response, 403, "forbidden");
        assertTrue(response.header("WWW-Authenticate").contains("error=\"insufficient_scope\""));
        Response admin = server.login("admin", "admin-password-1");
        assertEquals(200, server.get("/api/admin/stats", admin.json().get("accessToken").asText()).status());
    }

    @Test
    void invalidRequestWhenBodyMalformedOrFieldsMissing() {
        for (String body : List.of("", "not json", "[]", "{}", "{\"u\":\"demo\"}", "{\"u\":1,\"p\":\"x\"}", "{\"u\":\"demo\",\"p\":\"\"}",
                "{\"u\":\"demo\",\"p\":\"x\",\"p\":\"y\"}", "{\"u\":\"demo\",\"username\":\"demo\",\"p\":\"x\"}", "{\"u\":\"demo\",\"p\":null}",
                "{\"u\":\"demo\",\"p\":\"x\"} trailing", "{\"u\":" + "[".repeat(500) + "}")) {
            assertError(server.post("/auth/login", null, body), 400, "invalid_request");
        }
        String access = loginDemo().get("accessToken").asText();
        assertError(server.post("/auth/extendtoken", access, "{}"), 400, "invalid_request");
    }

    @Test
    void tooLargeWhenBodyOverLimit() {
        assertError(server.post("/auth/login", null, "{\"u\":\"demo\",\"p\":\"" + "x".repeat(2000) + "\"}"), 413, "too-large");
        // Without a Content-Length (chunked), the limit still holds.
        Response chunked = server.send(HttpRequest.newBuilder(server.uri("/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(("{\"u\":\"" + "y".repeat(100_000) + "\"}").getBytes()))));
        assertError(chunked, 413, "too-large");
    }

    @Test
    void methodNotAllowedWhenWrongMethodOnEndpoint() {
        Response get = server.get("/auth/login", null);
        assertError(get, 405, "method-not-allowed");
        assertEquals("POST", get.header("Allow"));
        assertError(server.send(HttpRequest.newBuilder(server.uri("/auth/logout")).PUT(HttpRequest.BodyPublishers.noBody())), 405, "method-not-allowed");
        assertError(server.get("/auth/extendtoken", null), 405, "method-not-allowed");
    }

    @Test
    void throttledWhenTooManyFailuresForOneName() {
        for (int i = 0; i < 3; i++) {
            assertError(server.login("throttle-me", "wrong-" + i), 401, "bad-credentials");
        }
        Response throttled = server.login("throttle-me", "anything");
        assertError(throttled, 429, "throttled");
        assertTrue(Long.parseLong(throttled.header("Retry-After")) > 0);
        // Other names are unaffected.
        assertEquals(200, server.login("demo", "demo-password-1").status());
    }

    @Test
    void unavailableWhenStoreDown() {
        stores.setDown(true);
        try {
            Response response = server.login("demo", "demo-password-1");
            assertError(response, 503, "unavailable");
            assertNotNull(response.header("Retry-After"));
        } finally {
            stores.setDown(false);
        }
        assertEquals(200, server.login("demo", "demo-password-1").status());
    }

    @Test
    void httpsRequiredWhenLoginOverPlainHttpFromAnotherHost() {
        Response response = server.send(HttpRequest.newBuilder(server.uri("/auth/login")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "http")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"demo\",\"p\":\"demo-password-1\"}")));
        assertError(response, 403, "https-required");
        Response viaTls = server.send(HttpRequest.newBuilder(server.uri("/auth/login")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"demo\",\"p\":\"demo-password-1\"}")));
        assertEquals(200, viaTls.status());
    }

    @AfterAll
    static void noResponseLeaksSecrets() {
        List<String> bodies = server.bodies();
        assertFalse(bodies.isEmpty());
        for (String body : bodies) {
            assertFalse(body.contains("Exception"), body);
            assertFalse(body.contains("\tat "), body);
            assertFalse(body.contains("demo-password-1") || body.contains("admin-password-1") || body.contains("wrong-password"), body);
            assertFalse(body.contains(Fixtures.SECRET), body);
        }
        // A token appears only in the response that issued it.
        for (String token : issuedTokens) {
            long carriers = bodies.stream().filter(body -> body.contains(token)).count();
            assertTrue(carriers <= 1, "token echoed in " + carriers + " responses");
        }
        assertNull(null);
    }
}
