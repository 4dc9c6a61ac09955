package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The login / renew / logout flow as a client runs it against a deployed sample, whatever the container. */
public final class SampleFlow {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public record Reply(int status, JsonNode body, String retryAfter, String wwwAuthenticate) {
    }

    public SampleFlow(String base) {
        this.base = base;
    }

    public Reply call(String method, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
            return new Reply(response.statusCode(), response.body().isEmpty() || !isJson ? null : JSON.readTree(response.body()),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        }
    }

    /** Waits until {@code /health} answers. */
    public void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(base + " did not come up within " + timeout);
    }

    public JsonNode login(String user, String password) {
        Reply reply = call("POST", "/auth/login", null, "{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}");
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        return reply.body();
    }

    public JsonNode renew(JsonNode tokens) {
        Reply reply = call("POST", "/auth/extendtoken", tokens.get("accessToken").asText(),
                "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}");
        assertEquals(200, reply.status(), String.valueOf(reply.body()));
        assertNotEquals(tokens.get("accessToken").asText(), reply.body().get("accessToken").asText());
        assertNotEquals(tokens.get("renewalToken").asText(), reply.body().get("renewalToken").asText());
        return reply.body();
    }

    public void assertMe(JsonNode tokens, String expectedName) {
        Reply me = call("GET", "/api/me", tokens.get("accessToken").asText(), null);
        assertEquals(200, me.status(), String.valueOf(me.body()));
        assertEquals(expectedName, me.body().get("name").asText());
        assertTrue(me.body().get("sid").isTextual());
    }

    public void assertRefused(JsonNode tokens, String code) {
        Reply me = call("GET", "/api/me", tokens.get("accessToken").asText(), null);
        assertEquals(401, me.status());
        assertEquals(code, me.body().get("error").asText());
    }

    /** login → protected call → extendtoken → old token refused → admin rule → logout → refused. */
    public void runWholeFlow() {
        assertEquals(200, call("GET", "/api/public/ping", null, null).status());
        assertEquals(401, call("GET", "/api/me", null, null).status());
        JsonNode first = login("demo", "demo-password-1");
        assertMe(first, "demo");
        assertEquals(403, call("GET", "/api/admin/stats", first.get("accessToken").asText(), null).status());
        JsonNode second = renew(first);
        assertRefused(first, "bad-token");
        assertMe(second, "demo");
        JsonNode admin = login("admin", "admin-password-1");
        assertEquals(200, call("GET", "/api/admin/stats", admin.get("accessToken").asText(), null).status());
        assertEquals(200, call("POST", "/auth/logout", second.get("accessToken").asText(), null).status());
        assertRefused(second, "bad-token");
    }

    /**
     * The routes the container guards with {@code <security-constraint>}s, authenticating through jwtauth:
     * each refusal is jwtauth's JSON error with its {@code WWW-Authenticate}, whoever decided it.
     */
    public void runContainerFlow() {
        runContainerFlow(true);
    }

    /**
     * The same, where {@code forbiddenAsJson} false accepts the container's own page for its 403 (a role
     * missing): Jetty 12 from ee10 on does not show {@code <error-page>}s for that one (Jetty issue 15809).
     */
    public void runContainerFlow(boolean forbiddenAsJson) {
        assertError(call("GET", "/api/container/me", null, null), 401, "no-token", "Bearer realm=");
        assertError(call("GET", "/api/container/me", "not.a.token", null), 401, "bad-jwt", "error=\"invalid_token\"");
        JsonNode demo = login("demo", "demo-password-1");
        Reply me = call("GET", "/api/container/me", demo.get("accessToken").asText(), null);
        assertEquals(200, me.status(), String.valueOf(me.body()));
        assertEquals("demo", me.body().get("name").asText());
        assertEquals(false, me.body().get("admin").asBoolean());
        Reply forbidden = call("GET", "/api/container/admin", demo.get("accessToken").asText(), null);
        if (forbiddenAsJson) {
            assertError(forbidden, 403, "forbidden", "error=\"insufficient_scope\"");
        } else {
            assertEquals(403, forbidden.status(), String.valueOf(forbidden.body()));
        }
        JsonNode admin = login("admin", "admin-password-1");
        Reply adminMe = call("GET", "/api/container/me", admin.get("accessToken").asText(), null);
        assertEquals(200, adminMe.status(), String.valueOf(adminMe.body()));
        assertEquals(true, adminMe.body().get("admin").asBoolean());
        assertEquals(200, call("GET", "/api/container/admin", admin.get("accessToken").asText(), null).status());
        // Renewal still goes through the endpoints (the container passes them by), and the old token is refused.
        JsonNode renewed = renew(demo);
        assertError(call("GET", "/api/container/me", demo.get("accessToken").asText(), null), 401, "bad-token", "invalid_token");
        assertEquals(200, call("GET", "/api/container/me", renewed.get("accessToken").asText(), null).status());
        assertEquals(200, call("POST", "/auth/logout", renewed.get("accessToken").asText(), null).status());
        assertError(call("GET", "/api/container/me", renewed.get("accessToken").asText(), null), 401, "bad-token", "invalid_token");
        assertEquals(200, call("GET", "/api/public/ping", null, null).status(), "unconstrained resources need no token");
    }

    /**
     * On one keep-alive connection: a valid token, the same token with one letter of its signature in the other
     * case (another token, to be refused), then the valid one again. A container whose header cache matches
     * values case-insensitively hands the filter the first token for the second (Jetty's default).
     */
    public void assertTokenReachesTheFilterByteForByte() {
        String token = login("demo", "demo-password-1").get("accessToken").asText();
        char[] chars = token.toCharArray();
        int letter = token.lastIndexOf('.') + 1;
        while (!Character.isLetter(chars[letter])) {
            letter++;
        }
        chars[letter] = Character.isUpperCase(chars[letter]) ? Character.toLowerCase(chars[letter]) : Character.toUpperCase(chars[letter]);
        String recased = new String(chars);
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals(200, statusOnConnection(out, in, token), "the valid token");
            assertEquals(401, statusOnConnection(out, in, recased), "the same letters in another case are another token");
            assertEquals(200, statusOnConnection(out, in, token), "and the valid one still works on that connection");
        } catch (IOException e) {
            throw new AssertionError("GET /api/me on one connection: " + e, e);
        }
    }

    /** One keep-alive {@code GET /api/me}; the body is read by Content-Length so that the connection stays usable. */
    private static int statusOnConnection(OutputStream out, BufferedReader in, String token) throws IOException {
        out.write(("GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = in.readLine();
        assertTrue(status != null && status.startsWith("HTTP/1.1 "), String.valueOf(status));
        int length = -1;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        assertTrue(length >= 0, "a Content-Length on every answer");
        for (int i = 0; i < length; i++) {
            in.read();
        }
        return Integer.parseInt(status.substring(9, 12));
    }

    /**
     * An external identity provider's tokens, with the sample's {@code JWTAUTH_EXTERNAL_ROLES_CLAIM} set so that
     * {@code admin} carries Administrators and {@code user} does not: the mapped name and roles reach the
     * servlets through the filter and through the container's constraints, with no session; extendtoken and
     * logout answer bad-token; {@code otherAudience} (issued to another application) is bad-jwt; the sample's
     * own login keeps working.
     */
    public void runExternalFlow(String adminName, String admin, String user, String otherAudience) {
        Reply me = call("GET", "/api/me", admin, null);
        assertEquals(200, me.status(), String.valueOf(me.body()));
        assertEquals(adminName, me.body().get("name").asText());
        assertTrue(me.body().get("sid").isNull(), "no jwtauth session: " + me.body());
        assertEquals("idp", me.body().path("provider").asText(null), "told apart from a local user: " + me.body());
        assertTrue(me.body().get("roles").toString().contains("\"Administrators\""), String.valueOf(me.body()));
        assertEquals(200, call("GET", "/api/admin/stats", admin, null).status(), "the path rule sees the mapped role");
        assertEquals(403, call("GET", "/api/admin/stats", user, null).status());
        Reply container = call("GET", "/api/container/admin", admin, null);
        assertEquals(200, container.status(), "the container's <security-constraint> sees it too: " + container.body());
        assertEquals(403, call("GET", "/api/container/admin", user, null).status());
        assertError(call("POST", "/auth/extendtoken", admin, "{\"rtoken\":\"anything\"}"), 401, "bad-token", "invalid_token");
        assertError(call("POST", "/auth/logout", admin, null), 401, "bad-token", "invalid_token");
        assertEquals(200, call("GET", "/api/me", admin, null).status(), "still valid until exp");
        assertError(call("GET", "/api/me", otherAudience, null), 401, "bad-jwt", "invalid_token");
        assertMe(login("demo", "demo-password-1"), "demo");
    }

    /** A container that cannot authenticate through jwtauth keeps its constraints closed: nobody gets in. */
    public void assertContainerRoutesClosed() {
        JsonNode admin = login("admin", "admin-password-1");
        for (String path : new String[] {"/api/container/me", "/api/container/admin"}) {
            Reply reply = call("GET", path, admin.get("accessToken").asText(), null);
            assertEquals(403, reply.status(), path + ": " + reply.body());
        }
        assertMe(admin, "admin"); // while the filter's own rules work
    }

    private static void assertError(Reply reply, int status, String code, String challenge) {
        assertEquals(status, reply.status(), String.valueOf(reply.body()));
        assertEquals(code, reply.body() == null ? null : reply.body().path("error").asText(null), String.valueOf(reply.body()));
        assertTrue(reply.wwwAuthenticate() != null && reply.wwwAuthenticate().contains(challenge),
                "WWW-Authenticate: " + reply.wwwAuthenticate());
    }
}
