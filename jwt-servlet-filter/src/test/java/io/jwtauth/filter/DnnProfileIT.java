package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A DNN mobile client's conversation, unchanged, against the filter with {@code jwtauth.compat=dnn}. The wire
 * format is DNN's JwtAuth module's (Dnn.Platform, {@code DNN Platform/Dnn.AuthServices.Jwt}):
 * {@code Services/MobileController.cs} (login and extendtoken by POST, logout by GET answering
 * {@code {"success":true}}, a refusal as 401 with the challenge {@code Bearer <error>}),
 * {@code Components/Entity/LoginData.cs} ({@code u}, {@code p}), {@code RenewalDto.cs} ({@code rtoken}),
 * {@code LoginResultData.cs} ({@code userId}, {@code displayName}, {@code accessToken}, {@code renewalToken}),
 * and {@code Components/Common/Controllers/JwtController.cs} (the error codes; one renewal token per session,
 * accepted with the session's latest access token only).
 */
class DnnProfileIT {
    private static TestServer server(Map<String, String> extra) throws Exception {
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.compat", "dnn");
        settings.putAll(extra);
        return new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build());
    }

    private static TestServer.Response dnnLogin(TestServer server, String route, String user, String password) {
        return server.post(route + "login", null, "{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}");
    }

    private static void assertDnnRefusal(TestServer.Response response, String code) {
        assertEquals(401, response.status(), response.body());
        assertEquals("Bearer " + code, response.header("WWW-Authenticate"));
        assertEquals(code, response.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/API/JwtAuth/mobile/", "/DesktopModules/JwtAuth/API/mobile/", "/api/jwtauth/mobile/"})
    void conversationWhenRenewalTokenKeptThenTheOriginalServesEveryRenewal(String route) throws Exception {
        try (TestServer server = server(Map.of("jwtauth.renewal.rotate", "false"))) {
            TestServer.Response login = dnnLogin(server, route, "demo", "demo-password-1");
            assertEquals(200, login.status(), login.body());
            JsonNode tokens = login.json();
            Set<String> fields = new TreeSet<>();
            tokens.fieldNames().forEachRemaining(fields::add);
            assertEquals(Set.of("userId", "displayName", "accessToken", "renewalToken"), fields, "DNN's LoginResultData, nothing more");
            assertTrue(tokens.get("userId").isNumber(), "DNN's user ids are numbers");
            assertEquals(1, tokens.get("userId").asInt());
            assertEquals("Demo User", tokens.get("displayName").asText());
            String renewal = tokens.get("renewalToken").asText();
            String access = tokens.get("accessToken").asText();
            assertEquals("demo", server.get("/api/echo", access).json().get("principal").asText());

            for (int i = 0; i < 3; i++) {
                TestServer.Response renewed = server.post(route + "extendtoken", access, "{\"rtoken\":\"" + renewal + "\"}");
                assertEquals(200, renewed.status(), renewed.body());
                assertEquals(renewal, renewed.json().get("renewalToken").asText(), "the original renewal token, every time");
                String previous = access;
                access = renewed.json().get("accessToken").asText();
                assertNotEquals(previous, access);
                assertDnnRefusal(server.post(route + "extendtoken", previous, "{\"rtoken\":\"" + renewal + "\"}"), "bad-token");
            }
            TestServer.Response logout = server.get(route + "logout", access);
            assertEquals(200, logout.status(), logout.body());
            assertEquals("{\"success\":true}", logout.body());
            assertEquals(401, server.get("/api/echo", access).status(), "the session is over");
        }
    }

    @Test
    void conversationByDefaultThenTheRenewalTokenRotatesAndLogoutByPostToo() throws Exception {
        try (TestServer server = server(Map.of())) {
            JsonNode tokens = dnnLogin(server, "/API/JwtAuth/mobile/", "admin", "admin-password-1").json();
            TestServer.Response renewed = server.post("/API/JwtAuth/mobile/extendtoken", tokens.get("accessToken").asText(),
                    "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}");
            assertEquals(200, renewed.status(), renewed.body());
            assertNotEquals(tokens.get("renewalToken").asText(), renewed.json().get("renewalToken").asText());
            TestServer.Response logout = server.post("/API/JwtAuth/mobile/logout", renewed.json().get("accessToken").asText(), "");
            assertEquals("{\"success\":true}", logout.body());
            // jwtauth's own routes are still served, in jwtauth's format.
            assertTrue(server.login("demo", "demo-password-1").json().has("expiresIn"));
        }
    }

    @Test
    void errorsWhenEachRefusalThenDnnsChallengeAndCode() throws Exception {
        try (TestServer server = server(Map.of("jwtauth.renewal.ttl", "2s", "jwtauth.access.ttl", "1s"))) {
            String route = "/API/JwtAuth/mobile/";
            assertDnnRefusal(dnnLogin(server, route, "demo", "wrong-password"), "bad-credentials");
            assertDnnRefusal(dnnLogin(server, route, "nobody", "demo-password-1"), "bad-credentials");
            JsonNode tokens = dnnLogin(server, route, "demo", "demo-password-1").json();
            String rtoken = "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}";
            assertDnnRefusal(server.post(route + "extendtoken", null, rtoken), "bad-credentials");
            assertDnnRefusal(server.post(route + "extendtoken", "not.a.jwt", rtoken), "bad-jwt");
            assertDnnRefusal(server.post(route + "extendtoken", tokens.get("accessToken").asText(), "{\"rtoken\":\"" + "x".repeat(43) + "\"}"),
                    "bad-token");
            assertDnnRefusal(server.get(route + "logout", "not.a.jwt"), "bad-jwt");
            Thread.sleep(2100); // past the renewal deadline
            assertDnnRefusal(server.post(route + "extendtoken", tokens.get("accessToken").asText(), rtoken), "not-more-renewal");
            TestServer.Response put = server.send(HttpRequest.newBuilder(server.uri(route + "login")).PUT(HttpRequest.BodyPublishers.noBody()));
            assertEquals(405, put.status());
            TestServer.Response other = server.get(route + "unknown", null);
            assertEquals(401, other.status(), "not one of DNN's routes: an ordinary protected path");
            assertTrue(other.header("WWW-Authenticate").startsWith("Bearer realm="), other.header("WWW-Authenticate"));
        }
    }

    @Test
    void settingWhenUnknownProfileThenStartFailsNamingIt() {
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.compat", "dotnetnuke");
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build();
        Exception failure = assertThrows(Exception.class, () -> filter.init(Fixtures.filterConfig(Map.of(), null)));
        Throwable cause = failure;
        while (!(cause instanceof ConfigException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof ConfigException && ((ConfigException) cause).key().equals("jwtauth.compat"), failure.toString());
    }
}
