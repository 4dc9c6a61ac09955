package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * #32 against a real Keycloak 26.4 (its distribution, dev mode, Temurin 25; realm, client and user made through its
 * admin API) in a real headless Chromium, with two sample nodes on one database. Keycloak is {@code localhost}, the
 * application {@code 127.0.0.1}: two sites, as in production, so the SameSite rules of the cookies are those users meet.
 * The page's "Sign in with idp" button, Keycloak's own login form, back on the page signed in with the realm's roles; a
 * reload stays signed in; an unsafe API call with the session works; the session serves node B too; an administrator's
 * logout at Keycloak ends it on node B (back-channel logout to node A, then the feed); the page's logout ends both
 * sessions (Keycloak's end-session endpoint with {@code id_token_hint}); and with {@code JWTAUTH_BROWSER_LOGIN} a page
 * opened without a session goes through Keycloak's login and comes back to itself. One screenshot per step under
 * {@code target/screenshots/keycloak-*}.
 */
class KeycloakSignInIT {
    private static final String REALM = "jwtauth";
    private static final String CLIENT = "orders-web";
    private static final String CLIENT_SECRET = "orders-web-secret-0123456789";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private final HttpClient http = HttpClient.newHttpClient();
    private WebDriver browser;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** User alice (Registered Users, Administrators); confidential client orders-web as made by default, its redirect and logout URIs on both nodes. */
    private static Map<String, Object> realm(List<String> nodes) {
        Map<String, Object> client = new HashMap<>();
        client.put("clientId", CLIENT);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("secret", CLIENT_SECRET);
        client.put("standardFlowEnabled", true);
        client.put("redirectUris", nodes.stream().map(node -> node + "/auth/oidc/idp/callback").toList());
        client.put("attributes", Map.of("backchannel.logout.url", nodes.get(0) + "/auth/backchannel-logout/idp",
                "backchannel.logout.session.required", "true", "pkce.code.challenge.method", "S256",
                "post.logout.redirect.uris", String.join("##", nodes.stream().map(node -> node + "/").toList())));
        // No audience mapper, as a client is made by default: its access tokens name it as azp only.
        return Map.of("realm", REALM, "enabled", true,
                "roles", Map.of("realm", List.of(Map.of("name", "Registered Users"), Map.of("name", "Administrators"))),
                "users", List.of(Map.of("username", "alice", "enabled", true, "email", "alice@example.com", "emailVerified", true,
                        "firstName", "Alice", "lastName", "Liddell", "realmRoles", List.of("Registered Users", "Administrators"),
                        "credentials", List.of(Map.of("type", "password", "value", "alice-password-1", "temporary", false)))),
                "clients", List.of(client));
    }

    @Test
    void signInThroughKeycloakInABrowserThenTheSessionServesBothNodesAndEndsWithEitherLogout(@TempDir Path dir) throws Exception {
        boolean required = Boolean.parseBoolean(System.getenv("JWTAUTH_TEST_BROWSER"));
        if (!required) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                    "no chromium/chromium-driver here (apt-get install chromium chromium-driver); JWTAUTH_TEST_BROWSER=true makes this fail");
        }
        int portA = freePort();
        int portB = freePort();
        String nodeA = "http://127.0.0.1:" + portA;
        String nodeB = "http://127.0.0.1:" + portB;
        String dbUrl = "jdbc:h2:file:" + dir.resolve("db/shared").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        String secret = HexFormat.of().formatHex(java.security.SecureRandom.getInstanceStrong().generateSeed(32));
        try (Keycloak keycloak = Keycloak.start(dir.resolve("keycloak"), true)) {
            keycloak.awaitReady();
            Keycloak.Reply created = keycloak.admin("POST", "/realms", realm(List.of(nodeA, nodeB)));
            assertEquals(201, created.status(), String.valueOf(created.json()));
            Map<String, String> env = Map.of("JWTAUTH_EXTERNAL_ISSUER", keycloak.issuer(REALM), "JWTAUTH_EXTERNAL_CLIENT_ID", CLIENT,
                    "JWTAUTH_EXTERNAL_CLIENT_SECRET", CLIENT_SECRET, "JWTAUTH_EXTERNAL_ROLES_CLAIM", "realm_access.roles",
                    "JWTAUTH_EXTERNAL_BACKCHANNEL", "true", "JWTAUTH_BROWSER_LOGIN", "idp");
            try (SampleNode a = SampleNode.start(portA, dir.resolve("a"), dbUrl, secret, env, http);
                 SampleNode b = SampleNode.start(portB, dir.resolve("b"), dbUrl, secret, env, http)) {
                browser = startBrowser();
                try {
                    walkThrough(keycloak, nodeA, nodeB, a);
                } catch (RuntimeException | AssertionError e) {
                    screenshot("keycloak-failure");
                    throw new AssertionError(e.getMessage() + "\nat " + browser.getCurrentUrl() + "\nnode A:\n" + tail(a.log) + "\nnode B:\n"
                            + tail(b.log), e);
                } finally {
                    browser.quit();
                }
            }
        }
    }

    private void walkThrough(Keycloak keycloak, String nodeA, String nodeB, SampleNode a) throws Exception {
        // The page offers the provider; its button goes to Keycloak's own login form.
        browser.get(nodeA + "/");
        waitFor("the sign-in button", () -> isShown("sign-in-idp"));
        screenshot("keycloak-1-page");
        element("sign-in-idp").click();
        signInAtKeycloak();

        // Back on the page, signed in as Keycloak's user with the realm's roles.
        waitFor("signed in on the page", this::signedIn);
        waitFor("/api/me answered", () -> text("me-result").contains("idp:alice"));
        assertTrue(text("me-result").contains("Administrators"), text("me-result"));
        waitFor("/api/admin/stats answered for the realm's Administrators", () -> text("admin-result").startsWith("{"));
        screenshot("keycloak-3-signed-in");

        browser.navigate().refresh();
        waitFor("still signed in after a reload", this::signedIn);
        element("click-button").click();
        waitFor("the unsafe call (CSRF header) counted", () -> text("clicks-result").contains("\"clicks\""));

        // Node B: the same browser's cookies (one host), the same session on the shared database.
        browser.get(nodeB + "/");
        waitFor("signed in on node B", this::signedIn);
        waitFor("node B's /api/me", () -> text("me-result").contains("idp:alice"));

        // An administrator ends alice's Keycloak session: Keycloak tells node A, node B hears it from the feed.
        JsonNode user = keycloak.admin("GET", "/realms/" + REALM + "/users?username=alice&exact=true", null).json().get(0);
        JsonNode sessions = keycloak.admin("GET", "/realms/" + REALM + "/users/" + user.get("id").asText() + "/sessions", null).json();
        assertEquals(1, sessions.size(), sessions.toString());
        assertEquals(204, keycloak.admin("DELETE", "/realms/" + REALM + "/sessions/" + sessions.get(0).get("id").asText(), null).status());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean ended = false;
        while (!ended && System.nanoTime() < deadline) {
            element("refresh-button").click();
            Thread.sleep(300);
            ended = !signedIn();
        }
        assertTrue(ended, "node B's page still signed in 5 s after the administrator's logout: " + text("me-result"));
        assertTrue(Files.readString(a.log).contains("identity provider 'idp' logged out"));
        screenshot("keycloak-4-ended-by-admin");

        // Signed in again (Keycloak asks for the password again: its session is gone), then the page's logout ends both.
        browser.get(nodeA + "/");
        waitFor("the sign-in button", () -> isShown("sign-in-idp"));
        element("sign-in-idp").click();
        signInAtKeycloak();
        waitFor("signed in again", this::signedIn);
        assertEquals(1, keycloak.admin("GET", "/realms/" + REALM + "/users/" + user.get("id").asText() + "/sessions", null).json().size());
        element("logout-button").click();
        waitFor("back on the page, signed out, after Keycloak's logout", () -> browser.getCurrentUrl().startsWith(nodeA)
                && isShown("login-section") && text("status").equals("Not logged in."));
        screenshot("keycloak-5-logged-out");
        assertEquals(0, keycloak.admin("GET", "/realms/" + REALM + "/users/" + user.get("id").asText() + "/sessions", null).json().size(),
                "the page's logout ended the Keycloak session too");

        // jwtauth.browser-login: a page opened without a session goes through Keycloak and comes back to itself.
        browser.get(nodeA + "/api/me?from=link");
        signInAtKeycloak();
        waitFor("back at /api/me with the session", () -> browser.getPageSource().contains("idp:alice"));
        assertTrue(browser.getCurrentUrl().equals(nodeA + "/api/me?from=link"), browser.getCurrentUrl());
        screenshot("keycloak-6-browser-login");
    }

    /** Keycloak's own login page: user name, password, sign in. */
    private void signInAtKeycloak() throws IOException {
        waitFor("Keycloak's login form", () -> browser.getCurrentUrl().startsWith("http://localhost:") && isShown("username"));
        screenshot("keycloak-2-login-form");
        element("username").sendKeys("alice");
        element("password").sendKeys("alice-password-1");
        element("kc-login").click();
    }

    private WebDriver startBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1000,1100",
                "--disable-background-networking", "--disable-component-update", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        Files.createDirectories(SCREENSHOTS);
        return new ChromeDriver(service, options);
    }

    private WebElement element(String id) {
        return browser.findElement(By.id(id));
    }

    private boolean isShown(String id) {
        List<WebElement> found = browser.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    private String text(String id) {
        return element(id).getText();
    }

    private boolean signedIn() {
        return isShown("session-section");
    }

    private void waitFor(String what, BooleanSupplier condition) {
        // The page may be replaced between finding an element and reading it (a redirect landing): look again.
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage(what).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
