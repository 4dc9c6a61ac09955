package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.flow.AuthService;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import io.jwtauth.filter.testing.TestServer.Response;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser transport ({@code jwtauth.cookies=on}) over real HTTP: the cookies and their attributes, the CSRF
 * table, renewal, replay and logout by cookie, and that bearer clients see no change. The test server's web
 * application lives at {@code /app}, so the renewal cookie's path is {@code /app/auth}.
 */
class BrowserCookiesIT {
    private static final String ACCESS = "__Host-jwtauth-access";
    private static final String RENEWAL = "__Secure-jwtauth-renewal";
    private static final String CSRF = "__Host-jwtauth-csrf";
    private static TestServer server;
    private static TestServer cookiesOff;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = Fixtures.settings();
        settings.put("jwtauth.cookies", "on");
        settings.put("jwtauth.renewal.ttl", "14d");
        server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build());
        cookiesOff = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        cookiesOff.close();
    }

    /** A browser's cookie jar for one session: name to value, as the last Set-Cookie lines left it. */
    private static final class Jar {
        final Map<String, String> cookies = new LinkedHashMap<>();
        String csrfToken;

        Jar copy() {
            Jar copy = new Jar();
            copy.cookies.putAll(cookies);
            copy.csrfToken = csrfToken;
            return copy;
        }

        void take(Response response) {
            for (String line : response.headers().allValues("Set-Cookie")) {
                String pair = line.substring(0, line.indexOf(';'));
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (line.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            if (response.status() == 200 && response.json().has("csrfToken")) {
                csrfToken = response.json().get("csrfToken").asText();
            }
        }

        String header() {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
            return header.toString();
        }
    }

    private static Jar cookieLogin(String user, String password) {
        Jar jar = new Jar();
        Response response = server.send(HttpRequest.newBuilder(server.uri("/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"" + user + "\",\"p\":\"" + password + "\",\"transport\":\"cookie\"}")));
        assertEquals(200, response.status(), response.body());
        jar.take(response);
        return jar;
    }

    /** A request with the jar's cookies; {@code headers} in pairs (name, value). */
    private static Response send(String method, String path, Jar jar, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).method(method, method.equals("GET")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(""));
        if (!jar.cookies.isEmpty()) {
            request.header("Cookie", jar.header());
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return server.send(request);
    }

    private static String ownOrigin() {
        String uri = server.uri("/").toString();
        return uri.substring(0, uri.indexOf("/app/"));
    }

    private static void assertCsrfRefused(Response response) {
        assertEquals(403, response.status(), response.body());
        assertEquals("csrf", response.error());
        assertNull(response.header("WWW-Authenticate"));
    }

    private static Map<String, String> setCookies(Response response) {
        Map<String, String> lines = new HashMap<>();
        for (String line : response.headers().allValues("Set-Cookie")) {
            lines.put(line.substring(0, line.indexOf('=')), line);
        }
        return lines;
    }

    @Test
    void loginByCookieThenThreeCookiesWithTheirAttributesAndNoTokenInTheBody() {
        Response response = server.send(HttpRequest.newBuilder(server.uri("/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"demo\",\"p\":\"demo-password-1\",\"transport\":\"cookie\"}")));
        assertEquals(200, response.status(), response.body());
        assertEquals("no-store", response.header("Cache-Control"));
        assertEquals(List.of("csrfToken", "displayName", "expiresIn", "userId"),
                sortedFieldNames(response), "the browser's login reply carries no token");
        Map<String, String> cookies = setCookies(response);
        assertEquals(3, cookies.size(), cookies.toString());
        long maxAge = 14 * 24 * 3600;
        String access = cookies.get(ACCESS);
        assertTrue(access.matches(ACCESS + "=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; Path=/; Max-Age=\\d+; HttpOnly; Secure; SameSite=Strict"), access);
        String renewal = cookies.get(RENEWAL);
        assertTrue(renewal.matches(RENEWAL + "=[A-Za-z0-9_-]{43}; Path=/app/auth; Max-Age=\\d+; HttpOnly; Secure; SameSite=Strict"), renewal);
        String csrf = cookies.get(CSRF);
        assertTrue(csrf.matches(CSRF + "=[A-Za-z0-9_-]{43}; Path=/; Max-Age=\\d+; Secure; SameSite=Strict"), csrf);
        for (String line : cookies.values()) {
            long age = Long.parseLong(line.replaceAll(".*Max-Age=(\\d+).*", "$1"));
            assertTrue(age > maxAge - 60 && age <= maxAge, "kept until the renewal deadline: " + line);
            assertFalse(line.contains("Domain="), "host-only: " + line);
        }
        assertEquals(csrf.substring(CSRF.length() + 1, csrf.indexOf(';')), response.json().get("csrfToken").asText());
        assertTrue(response.json().get("expiresIn").asLong() > 3500);
        String accessToken = access.substring(ACCESS.length() + 1, access.indexOf(';'));
        assertFalse(response.body().contains(accessToken));
    }

    private static List<String> sortedFieldNames(Response response) {
        List<String> names = new java.util.ArrayList<>();
        response.json().fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    @Test
    void safeRequestByCookieThenAuthenticatedWithoutTheCsrfToken() {
        Jar jar = cookieLogin("demo", "demo-password-1");
        Response me = send("GET", "/api/me", jar);
        assertEquals(200, me.status(), me.body());
        assertEquals("demo", me.json().get("principal").asText());
        assertEquals(200, send("HEAD", "/api/me", jar).status());
    }

    @Test
    void unsafeRequestByCookieThenTheCsrfTable() {
        Jar jar = cookieLogin("demo", "demo-password-1");
        Jar other = cookieLogin("demo", "demo-password-1");
        String token = jar.csrfToken;
        String otherPort = ownOrigin().replaceAll(":\\d+$", ":1");
        // Missing, wrong, another session's, and the right token from another origin: refused.
        assertCsrfRefused(send("POST", "/api/orders", jar));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", "not-the-token"));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", token.substring(1) + "A"));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", other.csrfToken));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", token, "Sec-Fetch-Site", "cross-site"));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", token, "Sec-Fetch-Site", "same-site"));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", token, "Origin", otherPort));
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", token, "Origin", "null"));
        assertCsrfRefused(send("DELETE", "/api/orders/1", jar, "X-CSRF-Token", token, "Origin", "https://evil.example"));
        // A browser that says the page was ours wins over a spoofable Origin's absence; Sec-Fetch-Site goes first.
        assertCsrfRefused(send("PUT", "/api/orders/1", jar, "X-CSRF-Token", token, "Sec-Fetch-Site", "cross-site",
                "Origin", ownOrigin()));
        // The right token, from our origin (or with no origin information at all): authenticated.
        for (String[] headers : new String[][] {{"X-CSRF-Token", token}, {"X-CSRF-Token", token, "Origin", ownOrigin()},
                {"X-CSRF-Token", token, "Sec-Fetch-Site", "same-origin"}, {"X-CSRF-Token", token, "Origin", ownOrigin().toUpperCase(java.util.Locale.ROOT)}}) {
            Response accepted = send("POST", "/api/orders", jar, headers);
            assertEquals(200, accepted.status(), String.join(" ", headers) + ": " + accepted.body());
            assertEquals("demo", accepted.json().get("principal").asText());
        }
        Response patch = send("PATCH", "/api/orders/1", jar, "X-CSRF-Token", token, "Sec-Fetch-Site", "same-origin");
        assertEquals(200, patch.status(), patch.body());
    }

    @Test
    void unsafeRequestByCookieOnAPublicPathWithoutTheCsrfTokenThenAnonymousNotRefused() {
        Jar jar = cookieLogin("demo", "demo-password-1");
        Response response = send("POST", "/api/public/search", jar, "Sec-Fetch-Site", "cross-site");
        assertEquals(200, response.status(), response.body());
        assertTrue(response.json().get("principal").isNull(), "another site's form never acts as the user: " + response.body());
    }

    @Test
    void requestWithAnAuthorizationHeaderThenTheHeaderAloneCountsAndNoCsrfCheck() {
        Jar demo = cookieLogin("demo", "demo-password-1");
        String adminToken = server.login("admin", "admin-password-1").json().get("accessToken").asText();
        Response bearer = send("POST", "/api/orders", demo, "Authorization", "Bearer " + adminToken, "Sec-Fetch-Site", "cross-site");
        assertEquals(200, bearer.status(), bearer.body());
        assertEquals("admin", bearer.json().get("principal").asText());
        // A bad bearer token is not rescued by a good cookie.
        Response bad = send("GET", "/api/me", demo, "Authorization", "Bearer not.a.token");
        assertEquals(401, bad.status());
        assertEquals("bad-jwt", bad.error());
        // Another scheme's header: the request is not the browser transport's either.
        Response basic = send("GET", "/api/me", demo, "Authorization", "Basic ZGVtbzp4");
        assertEquals(401, basic.status());
        assertEquals("no-token", basic.error());
    }

    @Test
    void bearerLoginThenNoCookiesAndTheBodyAsBefore() {
        Response response = server.login("demo", "demo-password-1");
        assertEquals(200, response.status());
        assertTrue(response.headers().allValues("Set-Cookie").isEmpty());
        assertTrue(response.json().get("accessToken").isTextual() && response.json().get("renewalToken").isTextual());
        Response explicit = server.post("/auth/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\",\"transport\":\"bearer\"}");
        assertEquals(200, explicit.status());
        assertTrue(explicit.headers().allValues("Set-Cookie").isEmpty());
        String access = response.json().get("accessToken").asText();
        Response renewed = server.post("/auth/extendtoken", access, "{\"rtoken\":\"" + response.json().get("renewalToken").asText() + "\"}");
        assertEquals(200, renewed.status(), renewed.body());
        assertTrue(renewed.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void loginByCookieWhenBadTransportOrOffOrFromAnotherOriginThenRefused() {
        Response unknown = server.post("/auth/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\",\"transport\":\"smoke\"}");
        assertEquals(400, unknown.status());
        assertEquals("invalid_request", unknown.error());
        Response notText = server.post("/auth/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\",\"transport\":1}");
        assertEquals(400, notText.status());
        Response off = cookiesOff.post("/auth/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\",\"transport\":\"cookie\"}");
        assertEquals(400, off.status());
        assertEquals("invalid_request", off.error());
        assertTrue(off.headers().allValues("Set-Cookie").isEmpty());
        // Login CSRF: another site's page would sign the victim in to an account of its choosing.
        Response crossSite = server.send(HttpRequest.newBuilder(server.uri("/auth/login")).header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"demo\",\"p\":\"demo-password-1\",\"transport\":\"cookie\"}")));
        assertCsrfRefused(crossSite);
        assertTrue(crossSite.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void renewByCookieThenAllThreeRotateAndTheOldAccessCookieIsRefused() {
        Jar jar = cookieLogin("demo", "demo-password-1");
        Jar before = jar.copy();
        Response renewed = send("POST", "/auth/extendtoken", jar, "X-CSRF-Token", jar.csrfToken, "Sec-Fetch-Site", "same-origin");
        assertEquals(200, renewed.status(), renewed.body());
        assertEquals(List.of("csrfToken", "expiresIn"), sortedFieldNames(renewed));
        assertEquals(3, setCookies(renewed).size());
        jar.take(renewed);
        for (String name : List.of(ACCESS, RENEWAL, CSRF)) {
            assertNotEquals(before.cookies.get(name), jar.cookies.get(name), name + " rotated");
        }
        assertNotEquals(before.csrfToken, jar.csrfToken);
        assertEquals(200, send("GET", "/api/me", jar).status());
        Response stale = send("GET", "/api/me", before);
        assertEquals(401, stale.status());
        assertEquals("bad-token", stale.error());
        // The old CSRF token does not go with the new access cookie.
        assertCsrfRefused(send("POST", "/api/orders", jar, "X-CSRF-Token", before.csrfToken));
    }

    @Test
    void renewByCookieWithoutTheCsrfTokenThenRefusedAndTheSessionLivesOn() {
        Jar jar = cookieLogin("demo", "demo-password-1");
        Response refused = send("POST", "/auth/extendtoken", jar);
        assertCsrfRefused(refused);
        assertTrue(refused.headers().allValues("Set-Cookie").isEmpty());
        assertCsrfRefused(send("POST", "/auth/extendtoken", jar, "X-CSRF-Token", jar.csrfToken, "Origin", "http://localhost:1"));
        assertEquals(200, send("GET", "/api/me", jar).status());
        assertEquals(200, send("POST", "/auth/extendtoken", jar, "X-CSRF-Token", jar.csrfToken).status());
    }

    @Test
    void renewByCookieWithASupersededRenewalCookieThenTheSessionIsRevoked() throws Exception {
        Jar jar = cookieLogin("demo", "demo-password-1");
        Jar stolen = jar.copy();
        Response renewed = send("POST", "/auth/extendtoken", jar, "X-CSRF-Token", jar.csrfToken);
        assertEquals(200, renewed.status());
        jar.take(renewed);
        Thread.sleep(AuthService.RACE_WINDOW.toMillis() + 300); // past the window where a superseded token is a lost race
        Response replay = send("POST", "/auth/extendtoken", stolen, "X-CSRF-Token", stolen.csrfToken);
        assertEquals(401, replay.status());
        assertEquals("bad-token", replay.error());
        Response owner = send("GET", "/api/me", jar);
        assertEquals(401, owner.status(), "the replay revoked the session: " + owner.body());
        assertEquals("bad-token", owner.error());
    }

    @Test
    void concurrentRenewalsByCookieThenExactlyOneWins() throws Exception {
        Jar jar = cookieLogin("demo", "demo-password-1");
        int tabs = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(tabs);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < tabs; i++) {
                replies.add(pool.submit(() -> {
                    go.await();
                    return send("POST", "/auth/extendtoken", jar, "X-CSRF-Token", jar.csrfToken);
                }));
            }
            go.countDown();
            int won = 0;
            Jar winner = jar.copy();
            for (java.util.concurrent.Future<Response> reply : replies) {
                Response response = reply.get();
                if (response.status() == 200) {
                    won++;
                    winner.take(response);
                } else {
                    assertEquals("bad-token", response.error(), response.body());
                }
            }
            assertEquals(1, won);
            assertEquals(200, send("GET", "/api/me", winner).status(), "a lost race does not revoke the session");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void logoutByCookieThenTheSessionEndsAndTheCookiesAreCleared() {
        Jar jar = cookieLogin("demo", "demo-password-1");
        assertCsrfRefused(send("POST", "/auth/logout", jar));
        assertCsrfRefused(send("GET", "/auth/logout", jar));
        assertCsrfRefused(send("POST", "/auth/logout", jar, "X-CSRF-Token", jar.csrfToken, "Sec-Fetch-Site", "same-site"));
        assertEquals(200, send("GET", "/api/me", jar).status(), "refused logouts left the session alone");
        Jar kept = jar.copy();
        Response logout = send("POST", "/auth/logout", jar, "X-CSRF-Token", jar.csrfToken, "Sec-Fetch-Site", "same-origin");
        assertEquals(200, logout.status(), logout.body());
        Map<String, String> cleared = setCookies(logout);
        assertEquals(3, cleared.size());
        assertTrue(cleared.get(ACCESS).startsWith(ACCESS + "=; Path=/; Max-Age=0;"), cleared.get(ACCESS));
        assertTrue(cleared.get(RENEWAL).startsWith(RENEWAL + "=; Path=/app/auth; Max-Age=0;"), cleared.get(RENEWAL));
        assertTrue(cleared.get(CSRF).startsWith(CSRF + "=; Path=/; Max-Age=0;"), cleared.get(CSRF));
        jar.take(logout);
        assertTrue(jar.cookies.isEmpty());
        Response after = send("GET", "/api/me", kept);
        assertEquals(401, after.status());
        assertEquals("bad-token", after.error());
        // Again with the dead session's cookies: refused, and told again to drop them.
        Response again = send("POST", "/auth/logout", kept, "X-CSRF-Token", kept.csrfToken);
        assertEquals(401, again.status());
        assertEquals(3, setCookies(again).size());
    }

    @Test
    void logoutAllByCookieThenTheUsersOtherSessionsEnd() {
        Jar browser = cookieLogin("admin", "admin-password-1");
        String phone = server.login("admin", "admin-password-1").json().get("accessToken").asText();
        Response logout = send("POST", "/auth/logout?all=true", browser, "X-CSRF-Token", browser.csrfToken);
        assertEquals(200, logout.status(), logout.body());
        assertEquals("bad-token", server.get("/api/me", phone).error());
    }

    @Test
    void cookieWhenGarbledOrOversizedThenAClear401NeverA500() {
        Jar garbled = new Jar();
        garbled.cookies.put(ACCESS, "not-a-token");
        assertEquals("bad-jwt", send("GET", "/api/me", garbled).error());
        Jar huge = new Jar();
        huge.cookies.put(ACCESS, "a".repeat(5000));
        Response response = send("GET", "/api/me", huge);
        assertEquals(401, response.status());
        assertEquals("no-token", response.error());
        Jar renewalOnly = new Jar();
        renewalOnly.cookies.put(RENEWAL, "x".repeat(43));
        Response renewal = send("POST", "/auth/extendtoken", renewalOnly, "X-CSRF-Token", "y".repeat(43));
        assertEquals(401, renewal.status());
        assertEquals("bad-jwt", renewal.error());
    }
}
