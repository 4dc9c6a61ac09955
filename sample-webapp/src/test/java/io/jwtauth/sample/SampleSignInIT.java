package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestSignIn;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * #32 over HTTP: the sample jar with {@code JWTAUTH_EXTERNAL_CLIENT_ID}, {@code _CLIENT_SECRET} and {@code
 * JWTAUTH_BROWSER_LOGIN}, against the loopback provider, driven like a browser (cookies kept by name and path, redirects
 * followed by hand): the sign-in endpoints' redirects and cookies, the session the callback opens (cookie transport,
 * renewal), the refusals of a replayed callback and an external return URL, the logout's end-session URL, and
 * browser-login's redirect of page requests (API clients keep their 401), on a filter route and on a container route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleSignInIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "sample-web";
    private static final String SECRET = "sample-secret-1";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TestIdentityProvider idp;
    private TestSignIn provider;
    private SampleProcess sample;
    private String base;

    @BeforeAll
    void start(@TempDir Path work) throws Exception {
        idp = TestIdentityProvider.start();
        TestIdentityProvider.ProviderKey key = TestIdentityProvider.newKey("kc-1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        provider = idp.signIn(CLIENT_ID, SECRET, CLIENT_ID, key).user("7f3e-alice", "alice", List.of("Registered Users", "Administrators"));
        Map<String, String> env = Map.of("JWTAUTH_EXTERNAL_ISSUER", idp.issuer(), "JWTAUTH_EXTERNAL_ROLES_CLAIM", "realm_access.roles",
                "JWTAUTH_EXTERNAL_CLIENT_ID", CLIENT_ID, "JWTAUTH_EXTERNAL_CLIENT_SECRET", SECRET, "JWTAUTH_BROWSER_LOGIN", "idp");
        sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), env);
        base = "http://127.0.0.1:" + sample.port;
    }

    @AfterAll
    void stop() {
        if (sample != null) {
            sample.close();
        }
        idp.close();
    }

    /** A cookie jar by name (the test checks paths and attributes where they matter), and requests that send it. */
    private final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        final Map<String, String> attributes = new LinkedHashMap<>();

        HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base + url)).GET(), headers);
        }

        HttpResponse<String> post(String path, String... headers) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody()), headers);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws IOException, InterruptedException {
            if (headers.length > 0) {
                request.headers(headers);
            }
            String path = request.build().uri().getPath();
            StringBuilder cookie = new StringBuilder();
            cookies.forEach((name, value) -> {
                String cookiePath = attributes.get(name).replaceAll(".*Path=([^;]*).*", "$1");
                if (request.build().uri().getPort() == sample.port && path.startsWith(cookiePath)) {
                    cookie.append(cookie.length() == 0 ? "" : "; ").append(name).append('=').append(value);
                }
            });
            if (cookie.length() > 0) {
                request.header("Cookie", cookie.toString());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String name = setCookie.substring(0, setCookie.indexOf('='));
                String value = setCookie.substring(name.length() + 1, setCookie.indexOf(';'));
                attributes.put(name, setCookie);
                if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }

        /** Sign-in from the login endpoint to the callback's redirect; returns the callback's response. */
        HttpResponse<String> signIn(String returnPath) throws IOException, InterruptedException {
            HttpResponse<String> login = get("/auth/oidc/idp/login?return=" + URLEncoder.encode(returnPath, StandardCharsets.UTF_8));
            assertEquals(302, login.statusCode(), login.body());
            HttpResponse<String> atProvider = get(location(login));
            assertEquals(302, atProvider.statusCode());
            return get(location(atProvider));
        }
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + response.statusCode()));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void pageOffersTheProvidersThatSignBrowsersIn() throws Exception {
        assertEquals("[\"idp\"]", json(new Browser().get("/api/public/sign-in")).get("providers").toString());
    }

    @Test
    void signInThenTheCallbackOpensACookieSessionOfTheProvidersUserAndLogoutAnswersTheEndSessionUrl() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> login = browser.get("/auth/oidc/idp/login?return=%2Fapi%2Fme");
        assertEquals(302, login.statusCode());
        URI authorization = URI.create(location(login));
        assertTrue(authorization.toString().startsWith(idp.issuer() + "/protocol/openid-connect/auth?"), authorization.toString());
        assertEquals(base + "/auth/oidc/idp/callback", TestSignIn.query(authorization).get("redirect_uri"));
        String stateCookie = browser.attributes.get("__Secure-jwtauth-signin");
        assertTrue(stateCookie.contains("HttpOnly") && stateCookie.contains("Secure") && stateCookie.contains("SameSite=Lax")
                && stateCookie.contains("Path=/auth/oidc/"), stateCookie);

        HttpResponse<String> atProvider = browser.get(authorization.toString());
        String callbackUrl = location(atProvider);
        Map<String, String> stateBefore = Map.copyOf(browser.cookies);
        HttpResponse<String> callback = browser.get(callbackUrl);
        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals("/api/me", location(callback));
        assertFalse(browser.cookies.containsKey("__Secure-jwtauth-signin"), "the state cookie is spent");
        assertNotNull(browser.cookies.get("__Host-jwtauth-access"));
        assertTrue(browser.attributes.get("__Secure-jwtauth-idtoken").contains("HttpOnly"));

        JsonNode me = json(browser.get("/api/me"));
        assertEquals("idp:alice", me.get("name").asText());
        assertEquals("idp", me.get("provider").asText());
        assertFalse(me.get("sid").isNull(), "a jwtauth session");
        assertTrue(me.get("roles").toString().contains("Administrators"), me.toString());
        assertEquals(200, browser.get("/api/admin/stats").statusCode(), "the provider's roles reach the path rules");
        assertEquals(200, browser.get("/api/container/me").statusCode(), "and the container's constraints");

        // The callback again, with the same state cookie: refused, nothing opened.
        Browser replay = new Browser();
        replay.cookies.putAll(stateBefore);
        replay.attributes.putAll(browser.attributes);
        replay.cookies.remove("__Host-jwtauth-access");
        HttpResponse<String> replayed = replay.get(callbackUrl);
        assertEquals(400, replayed.statusCode());
        assertEquals("invalid_request", json(replayed).get("error").asText());
        assertNull(replay.cookies.get("__Host-jwtauth-access"));

        String csrf = browser.cookies.get("__Host-jwtauth-csrf");
        assertEquals(200, browser.post("/auth/extendtoken", "X-CSRF-Token", csrf).statusCode());
        assertEquals("idp:alice", json(browser.get("/api/me")).get("name").asText());

        HttpResponse<String> logout = browser.post("/auth/logout", "X-CSRF-Token", browser.cookies.get("__Host-jwtauth-csrf"));
        assertEquals(200, logout.statusCode(), logout.body());
        URI endSession = URI.create(json(logout).get("endSessionUrl").asText());
        Map<String, String> query = TestSignIn.query(endSession);
        assertEquals(provider.lastIdToken(), query.get("id_token_hint"));
        assertEquals(base + "/", query.get("post_logout_redirect_uri"));
        assertFalse(browser.cookies.containsKey("__Secure-jwtauth-idtoken"));
        assertEquals(401, browser.get("/api/me", "Accept", "application/json").statusCode());
    }

    @Test
    void returnUrlWhenOnAnotherSiteThenTheBrowserReturnsToTheRoot() throws Exception {
        for (String external : List.of("https://evil.example/", "//evil.example/", "/\\evil.example")) {
            HttpResponse<String> callback = new Browser().signIn(external);
            assertEquals(302, callback.statusCode());
            assertEquals("/", location(callback), external);
        }
    }

    @Test
    void callbackWithoutTheStateCookieOrWithAProviderErrorThenInvalidRequest() throws Exception {
        HttpResponse<String> noCookie = new Browser().get("/auth/oidc/idp/callback?code=abc&state=def");
        assertEquals(400, noCookie.statusCode());
        assertEquals("invalid_request", json(noCookie).get("error").asText());
        HttpResponse<String> unknown = new Browser().get("/auth/oidc/nope/login");
        assertEquals(400, unknown.statusCode());
        HttpResponse<String> post = new Browser().post("/auth/oidc/idp/login");
        assertEquals(405, post.statusCode());
    }

    @Test
    void browserLoginWhenAPageIsRequestedWithoutCredentialsThenToTheProviderWhileApiClientsKeep401() throws Exception {
        for (String path : List.of("/api/me", "/api/container/me")) {
            HttpResponse<String> page = new Browser().get(path + "?tab=2", "Accept", "text/html,application/xhtml+xml",
                    "Sec-Fetch-Site", "none");
            assertEquals(302, page.statusCode(), path + ": " + page.body());
            assertEquals("/auth/oidc/idp/login?return=" + URLEncoder.encode(path + "?tab=2", StandardCharsets.UTF_8), location(page));

            HttpResponse<String> api = new Browser().get(path, "Accept", "application/json");
            assertEquals(401, api.statusCode(), path);
            assertEquals("no-token", json(api).get("error").asText());

            // Arriving from another site (after the provider's redirect, say): a page that goes on from this origin,
            // so that the SameSite=Strict cookies go with the next request.
            HttpResponse<String> crossSite = new Browser().get(path, "Accept", "text/html", "Sec-Fetch-Site", "cross-site");
            assertEquals(200, crossSite.statusCode(), path);
            assertTrue(crossSite.body().contains("http-equiv=\"refresh\" content=\"0;url=" + path + "\""), crossSite.body());
            assertEquals("default-src 'none'", crossSite.headers().firstValue("Content-Security-Policy").orElse(null));
        }
        Browser browser = new Browser();
        HttpResponse<String> toProvider = browser.get("/api/me", "Accept", "text/html");
        HttpResponse<String> login = browser.get(location(toProvider));
        HttpResponse<String> callback = browser.get(location(browser.get(location(login))));
        assertEquals("/api/me", location(callback));
        assertEquals("idp:alice", json(browser.get("/api/me", "Accept", "text/html")).get("name").asText());
    }
}
