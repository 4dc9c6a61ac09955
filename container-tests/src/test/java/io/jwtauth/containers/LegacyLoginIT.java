package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.sample.SampleFlow;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * #31: an application that has its own login keeps it in container-enforced mode. The legacy application of
 * {@link LegacyWarIT}, with a FORM {@code <login-config>} (its own login and error pages) and with its BASIC one, in a
 * standalone Tomcat 11 (jakarta) and Tomcat 9 (javax): a browser gets the login page or the challenge, signs in with
 * its users-table password and comes back to the page it asked for; a wrong password shows the error page; the same
 * constrained page answers a bearer client with 200 and a JSON client without a token with {@code 401 no-token}.
 */
class LegacyLoginIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM_LOGIN = "<login-config>\n    <auth-method>FORM</auth-method>\n    <form-login-config>\n"
            + "      <form-login-page>/login/form.jsp</form-login-page>\n      <form-error-page>/login/failed.jsp</form-error-page>\n"
            + "    </form-login-config>\n  </login-config>";

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of(System.getProperty("tomcat11.dist.version"), "sample-webapp.war",
                        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"),
                Arguments.of(System.getProperty("tomcat9.dist.version"), "sample-webapp-javax.war",
                        "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\">"));
    }

    /** Starts the legacy application with {@code loginConfig} in place of its BASIC one ({@code null}: as it is). */
    private static StandaloneTomcat start(String version, String jarsFrom, String webApp, String loginConfig, Path base)
            throws Exception {
        String dbUrl = "jdbc:h2:file:" + base.resolve("db/legacy").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        LegacyWarIT.createLegacyUsers(dbUrl);
        LegacyWarIT.runSchemaCommand(dbUrl);
        Path classes = LegacyWarIT.compileServlets(version, webApp.contains("jakarta"), base.resolve("classes"));
        Path war = LegacyWarIT.assemble(base.resolve("legacy.war"), webApp, StandaloneTomcatIT.war(jarsFrom),
                LegacyWarIT.Logging.SLF4J_JDK14, classes, false,
                descriptor -> loginConfig == null ? descriptor
                        : descriptor.replaceAll("(?s)<login-config>.*?</login-config>", loginConfig),
                List.of("login/form.jsp", "login/failed.jsp"));
        StandaloneTomcat tomcat = StandaloneTomcat.start(version, war, base.resolve("tomcat"),
                Map.of("JWTAUTH_SECRET", HexFormat.of().formatHex(LegacyWarIT.random(32)), "JWTAUTH_DB_URL", dbUrl));
        try {
            tomcat.awaitUp("/index.jsp");
        } catch (AssertionError | RuntimeException e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    /** A browser: keeps cookies, does not follow redirects (the test looks at each), asks for HTML. */
    private static final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        final String base;

        Browser(String base) {
            this.base = base;
        }

        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                    .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
            for (int i = 0; i < headers.length; i += 2) {
                request.setHeader(headers[i], headers[i + 1]);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        String sessionId() {
            return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** The same constrained page for API clients: a bearer token gets in, a JSON client without one gets 401 no-token. */
    private static void assertApiClientsUnchanged(SampleFlow flow, String base) throws Exception {
        JsonNode alice = flow.login("alice", "alice-password-1");
        SampleFlow.Reply bearer = flow.call("GET", "/account/whoami.jsp", alice.get("accessToken").asText(), null);
        assertEquals(200, bearer.status(), String.valueOf(bearer.body()));
        assertEquals("alice", bearer.body().get("user").asText());
        HttpResponse<String> jsonClient = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/account/whoami.jsp"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, jsonClient.statusCode(), jsonClient.body());
        assertEquals("no-token", json(jsonClient).get("error").asText());
        assertFalse(jsonClient.body().contains("j_security_check"), "no login form for a JSON client");
        // A bad bearer token is refused as such: a token always takes precedence over the application's login.
        SampleFlow.Reply stale = flow.call("GET", "/account/whoami.jsp", "not.a.token", null);
        assertEquals(401, stale.status());
        assertEquals("bad-jwt", stale.body().get("error").asText());
    }

    @ParameterizedTest(name = "FORM on Tomcat {0}")
    @MethodSource("containers")
    void formLoginThenTheLoginPageSignsInWithTheUsersTableAndReturnsToThePage(String version, String jarsFrom, String webApp,
            @TempDir Path base) throws Exception {
        try (StandaloneTomcat tomcat = start(version, jarsFrom, webApp, FORM_LOGIN, base)) {
            String root = tomcat.baseUrl();
            Browser browser = new Browser(root);

            HttpResponse<String> challenged = browser.get("/account/whoami.jsp?tab=2");
            assertEquals(200, challenged.statusCode(), challenged.body());
            assertTrue(challenged.body().contains("j_security_check") && challenged.body().contains("Sign in to the legacy app"),
                    challenged.body());
            String before = browser.sessionId();
            assertNotNull(before, "the page asked for is kept in the session");

            HttpResponse<String> wrong = browser.postForm("/j_security_check", "j_username=alice&j_password=wrong");
            assertTrue(wrong.body().contains("Login failed"), wrong.statusCode() + " " + wrong.body());
            assertEquals(401, browser.get("/account/whoami.jsp", "Accept", "application/json").statusCode(), "still signed out");

            browser.get("/account/whoami.jsp?tab=2");
            HttpResponse<String> signedIn = browser.postForm("/j_security_check", "j_username=alice&j_password=alice-password-1");
            assertEquals(302, signedIn.statusCode(), signedIn.body());
            String location = signedIn.headers().firstValue("Location").orElseThrow();
            assertTrue(location.endsWith("/account/whoami.jsp?tab=2"), location);
            assertNotEquals(before, browser.sessionId(), "the session id changed at login");

            HttpResponse<String> restored = browser.get(location);
            assertEquals(200, restored.statusCode(), restored.body());
            assertEquals("alice", json(restored).get("user").asText());
            assertTrue(json(restored).get("manager").asBoolean(), "roles from the application's roles table");
            assertEquals(200, browser.get("/admin/report.jsp").statusCode());

            // Another user without the role: the container's 403, as jwtauth's JSON.
            Browser bob = new Browser(root);
            bob.get("/admin/report.jsp");
            assertEquals(302, bob.postForm("/j_security_check", "j_username=bob&j_password=bob-password-1").statusCode());
            HttpResponse<String> forbidden = bob.get("/admin/report.jsp");
            assertEquals(403, forbidden.statusCode(), forbidden.body());
            assertEquals("bob", json(bob.get("/account/whoami.jsp")).get("user").asText());

            // A disabled user cannot sign in.
            Browser carol = new Browser(root);
            carol.get("/account/whoami.jsp");
            assertTrue(carol.postForm("/j_security_check", "j_username=carol&j_password=carol-password-1").body().contains("Login failed"));

            assertApiClientsUnchanged(new SampleFlow(root), root);
            assertEquals(200, new Browser(root).get("/index.jsp").statusCode(), "unconstrained pages stay open");
            assertTrue(tomcat.console().contains("application's FORM login runs against jwtauth's identity store"), tomcat.console());
        }
    }

    @ParameterizedTest(name = "BASIC on Tomcat {0}")
    @MethodSource("containers")
    void basicLoginThenTheChallengeAndTheUsersTablePassword(String version, String jarsFrom, String webApp, @TempDir Path base)
            throws Exception {
        try (StandaloneTomcat tomcat = start(version, jarsFrom, webApp, null, base)) {
            String root = tomcat.baseUrl();
            Browser browser = new Browser(root);
            HttpResponse<String> challenged = browser.get("/account/whoami.jsp");
            assertEquals(401, challenged.statusCode(), challenged.body());
            assertTrue(challenged.headers().allValues("WWW-Authenticate").stream().anyMatch(value -> value.startsWith("Basic realm=\"legacy\"")),
                    challenged.headers() + "\n" + tomcat.console());

            HttpResponse<String> wrong = browser.get("/account/whoami.jsp", "Authorization", basic("alice", "wrong"));
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.headers().allValues("WWW-Authenticate").stream().anyMatch(value -> value.startsWith("Basic ")));

            for (int request = 0; request < 40; request++) {
                // A browser sends the pair with every request: remembered, so no throttle ever sees 40 logins.
                HttpResponse<String> signedIn = browser.get("/account/whoami.jsp", "Authorization", basic("alice", "alice-password-1"));
                assertEquals(200, signedIn.statusCode(), signedIn.body());
                assertEquals("alice", json(signedIn).get("user").asText());
            }
            HttpResponse<String> bob = browser.get("/admin/report.jsp", "Authorization", basic("bob", "bob-password-1"));
            assertEquals(403, bob.statusCode());
            assertEquals(401, browser.get("/account/whoami.jsp", "Authorization", basic("carol", "carol-password-1")).statusCode(),
                    "a disabled user");

            assertApiClientsUnchanged(new SampleFlow(root), root);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
