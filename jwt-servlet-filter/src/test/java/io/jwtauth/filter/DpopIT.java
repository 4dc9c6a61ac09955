package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.DpopProofs;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import io.jwtauth.filter.testing.TestServer.Response;
import jakarta.servlet.ServletException;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP over real HTTP (RFC 9449): a login with a {@code DPoP} header binds the session, requests present
 * {@code Authorization: DPoP} with a fresh proof, renewal and logout need a proof by the same key, and every refusal
 * is {@code 401 bad-dpop} with the {@code DPoP} challenge. Bearer clients see no change.
 */
class DpopIT {
    private static TestServer server;
    private static TestServer required;
    private final DpopProofs client = new DpopProofs(JwsAlgorithm.ES256);

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build());
        required = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).setting("jwtauth.dpop", "required")
                .provider(Fixtures.stores()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        required.close();
    }

    private String proof(TestServer on, String method, String path, String token) {
        return client.proof(method, on.uri(path).toString(), Instant.now(), token);
    }

    private Response login(TestServer on, String proof) {
        HttpRequest.Builder request = HttpRequest.newBuilder(on.uri("/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"demo\",\"p\":\"demo-password-1\"}"));
        if (proof != null) {
            request.header("DPoP", proof);
        }
        return on.send(request);
    }

    private Response call(TestServer on, String method, String path, String authorization, String body, String... proofs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(on.uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (String proof : proofs) {
            request.header("DPoP", proof);
        }
        return on.send(request);
    }

    private static void assertBadDpop(Response response) {
        assertEquals(401, response.status(), response.body());
        assertEquals("bad-dpop", response.error());
        assertEquals("DPoP error=\"invalid_dpop_proof\", algs=\"ES256 PS256 RS256 EdDSA\"", response.header("WWW-Authenticate"));
    }

    @Test
    void loginWithAProofThenADpopTokenUsableOnlyWithProofs() {
        Response login = login(server, proof(server, "POST", "/auth/login", null));
        assertEquals(200, login.status(), login.body());
        assertEquals("DPoP", login.json().get("tokenType").asText());
        String token = login.json().get("accessToken").asText();
        assertEquals(client.thumbprint(), JWT.decode(token).getClaim("cnf").asMap().get("jkt"));

        Response me = call(server, "GET", "/api/me", "DPoP " + token, null, proof(server, "GET", "/api/me", token));
        assertEquals(200, me.status(), me.body());
        assertEquals("demo", me.json().get("principal").asText());

        assertBadDpop(call(server, "GET", "/api/me", "Bearer " + token, null));
        assertBadDpop(call(server, "GET", "/api/me", "DPoP " + token, null));
        assertBadDpop(call(server, "GET", "/api/me", "DPoP " + token, null, proof(server, "GET", "/api/other", token)));
        assertBadDpop(call(server, "GET", "/api/me", "DPoP " + token, null, proof(server, "GET", "/api/me", token),
                proof(server, "GET", "/api/me", token)));
        String once = proof(server, "GET", "/api/me", token);
        assertEquals(200, call(server, "GET", "/api/me", "DPoP " + token, null, once).status());
        assertBadDpop(call(server, "GET", "/api/me", "DPoP " + token, null, once));
    }

    @Test
    void renewAndLogoutOfABoundSessionThenOnlyWithAProofOfItsKey() {
        Response login = login(server, proof(server, "POST", "/auth/login", null));
        String token = login.json().get("accessToken").asText();
        String renewal = "{\"rtoken\":\"" + login.json().get("renewalToken").asText() + "\"}";
        assertBadDpop(call(server, "POST", "/auth/extendtoken", "Bearer " + token, renewal));
        DpopProofs thief = new DpopProofs(JwsAlgorithm.ES256);
        assertBadDpop(call(server, "POST", "/auth/extendtoken", "DPoP " + token, renewal,
                thief.proof("POST", server.uri("/auth/extendtoken").toString(), Instant.now(), token)));

        Response renewed = call(server, "POST", "/auth/extendtoken", "DPoP " + token, renewal, proof(server, "POST", "/auth/extendtoken", token));
        assertEquals(200, renewed.status(), renewed.body());
        assertEquals("DPoP", renewed.json().get("tokenType").asText());
        String next = renewed.json().get("accessToken").asText();

        assertBadDpop(call(server, "POST", "/auth/logout", "DPoP " + next, null));
        Response logout = call(server, "POST", "/auth/logout", "DPoP " + next, null, proof(server, "POST", "/auth/logout", next));
        assertEquals(200, logout.status(), logout.body());
        assertEquals("bad-token", call(server, "GET", "/api/me", "DPoP " + next, null, proof(server, "GET", "/api/me", next)).error());
    }

    @Test
    void bearerClientsThenNoChange() {
        Response login = server.login("demo", "demo-password-1");
        assertEquals("Bearer", login.json().get("tokenType").asText());
        assertEquals("at+jwt", JWT.decode(login.json().get("accessToken").asText()).getType());
        assertEquals(200, server.get("/api/me", login.json().get("accessToken").asText()).status());
    }

    @Test
    void dpopRequiredThenAnUnboundLoginIsRefused() {
        assertBadDpop(required.login("demo", "demo-password-1"));
        Response login = login(required, proof(required, "POST", "/auth/login", null));
        assertEquals(200, login.status(), login.body());
        String token = login.json().get("accessToken").asText();
        assertEquals(200, call(required, "GET", "/api/me", "DPoP " + token, null, proof(required, "GET", "/api/me", token)).status());
    }

    @Test
    void loginWithAMalformedProofThenBadDpopNeverA500() {
        for (String bad : new String[] {"", "x", "a.b.c", "e30.e30.e30", "%%%", "a".repeat(10_000)}) {
            assertBadDpop(login(server, bad));
        }
    }

    @Test
    void dpopSettingWhenUnknownThenInitFailsNamingIt() {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).setting("jwtauth.dpop", "sometimes")
                .provider(Fixtures.stores()).build();
        ServletException refused = assertThrows(ServletException.class, () -> filter.init(Fixtures.filterConfig(Map.of(), null)));
        assertTrue(refused.getMessage().contains("jwtauth.dpop: must be off, allowed or required"), refused.getMessage());
    }
}
