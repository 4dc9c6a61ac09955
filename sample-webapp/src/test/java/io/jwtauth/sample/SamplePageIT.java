package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample's page at {@code /} in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), driven by Selenium, against the sample jar with a 6-second access token so that
 * the page's automatic renewal happens during the test. One screenshot per state under
 * {@code target/screenshots/}. Where {@code JWTAUTH_TEST_BROWSER=true} (CI sets it) a browser that cannot
 * start fails the test; elsewhere a machine without the packages skips it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SamplePageIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static SampleProcess sample;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        boolean required = Boolean.parseBoolean(System.getenv("JWTAUTH_TEST_BROWSER"));
        if (!required) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                    "no chromium/chromium-driver here (apt-get install chromium chromium-driver); JWTAUTH_TEST_BROWSER=true makes this fail");
        }
        Path work = Files.createTempDirectory("jwtauth-page");
        sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), Map.of("JWTAUTH_ACCESS_TTL", "6s"));
        base = "http://127.0.0.1:" + sample.port + "/";
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1000,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (sample != null) {
            sample.close();
        }
    }

    private static WebElement element(String id) {
        return browser.findElement(By.id(id));
    }

    private static String text(String id) {
        return element(id).getText();
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(what).until(driver -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void logIn(String user, String password) {
        element("username").clear();
        element("username").sendKeys(user);
        element("password").sendKeys(password);
        element("login-button").click();
    }

    /** Opens the page afresh, signs out a session the cookies kept, and logs in, waiting until the session shows. */
    private static void signIn(String user, String password) {
        openSignedOut();
        logIn(user, password);
        waitFor("signed in", SamplePageIT::signedIn);
    }

    /** Opens the page and, if the cookies resumed a session, logs it out. */
    private static void openSignedOut() {
        browser.get(base);
        waitFor("the page settled", () -> signedIn() || text("status").equals("Not logged in."));
        if (signedIn()) {
            element("logout-button").click();
            waitFor("signed out", () -> !signedIn());
        }
    }

    private static boolean signedIn() {
        return element("session-section").isDisplayed();
    }

    @Test
    @Order(1)
    void openWhenFreshThenLoginFormAndTheCookieTransportNotice() throws Exception {
        browser.get(base);
        waitFor("the script ran", () -> text("status").equals("Not logged in."));
        assertTrue(element("login-section").isDisplayed());
        assertFalse(signedIn());
        assertTrue(text("transport-note").contains("a reload keeps you signed in"), text("transport-note"));
        screenshot("01-start");
    }

    @Test
    @Order(2)
    void loginWhenWrongPasswordThenTheErrorIsShown() throws Exception {
        browser.get(base);
        logIn("demo", "not-the-password");
        waitFor("the error shows", () -> element("login-error").isDisplayed());
        assertTrue(text("login-error").startsWith("401 bad-credentials"), text("login-error"));
        assertFalse(signedIn());
        screenshot("02-wrong-password");
    }

    @Test
    @Order(3)
    void loginThenMeAndTheAdminCallRefusedForDemoThenRenewedBeforeExpiry() throws Exception {
        signIn("demo", "demo-password-1");
        waitFor("/api/me answered", () -> text("me-result").contains("\"name\": \"demo\""));
        assertEquals("Demo User", text("display-name"));
        waitFor("the admin call answered", () -> !text("admin-result").isEmpty());
        assertTrue(text("admin-result").startsWith("403 forbidden"), text("admin-result"));
        String firstExpiry = element("expires-at").getDomAttribute("data-epoch-millis");
        screenshot("03-demo-signed-in");

        // A 6 s token: the page renews about 1.5 s before it expires, and shows the new expiry.
        waitFor("renewed automatically", () -> text("renewals").equals("1"));
        String renewedExpiry = element("expires-at").getDomAttribute("data-epoch-millis");
        assertNotEquals(firstExpiry, renewedExpiry);
        assertTrue(Long.parseLong(renewedExpiry) > Long.parseLong(firstExpiry));
        assertTrue(text("renewal-status").startsWith("renewed at"), text("renewal-status"));
        waitFor("the API still answers with the renewed token", () -> text("me-result").contains("\"name\": \"demo\""));
        waitFor("and renews again", () -> text("renewals").equals("2"));
        screenshot("04-renewed");

        assertNoTokenWhereScriptsReach();
    }

    /** The tokens are in HttpOnly cookies: not in document.cookie, web storage or the page; only the CSRF token is readable. */
    private static void assertNoTokenWhereScriptsReach() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Cookie access = browser.manage().getCookieNamed("__Host-jwtauth-access");
        assertNotNull(access, "the access cookie is set");
        assertTrue(access.isHttpOnly() && access.isSecure() && "Strict".equals(access.getSameSite()), access.toString());
        assertEquals(0L, js.executeScript("return localStorage.length + sessionStorage.length;"), "nothing in web storage");
        String visible = (String) js.executeScript("return document.cookie;");
        assertTrue(visible.matches("__Host-jwtauth-csrf=[A-Za-z0-9_-]{43}"), "only the CSRF token is readable: " + visible);
        assertFalse(browser.getPageSource().contains(access.getValue()), "no token in the page");
    }

    @Test
    @Order(4)
    void reloadTwiceThenStillSignedInAndTheApiAnswers() throws Exception {
        for (int reload = 1; reload <= 2; reload++) {
            browser.navigate().refresh();
            waitFor("resumed after reload " + reload, () -> text("status").equals("Signed in (session resumed)."));
            assertTrue(signedIn());
            waitFor("/api/me answered after reload " + reload, () -> text("me-result").contains("\"name\": \"demo\""));
            assertEquals("demo", text("display-name"));
        }
        assertNoTokenWhereScriptsReach();
        screenshot("05-reloaded-still-signed-in");
    }

    @Test
    @Order(5)
    void clickThenTheUnsafeCallCarriesTheCsrfTokenAndCounts() throws Exception {
        waitFor("clicks shown", () -> text("clicks-result").contains("\"clicks\""));
        long before = clicks();
        element("click-button").click();
        waitFor("the click counted", () -> clicks() == before + 1);
    }

    private static long clicks() {
        String shown = text("clicks-result");
        return shown.contains("\"clicks\"") ? Long.parseLong(shown.replaceAll("(?s).*\"clicks\": (\\d+).*", "$1")) : -1;
    }

    /**
     * A page of another origin on the loopback (another port: the same site, so SameSite=Strict still sends the
     * cookies) auto-submits a form to logout and fires credentialed fetches at logout and at the unsafe API call.
     * Nothing changes: the session lives and the click count stays.
     */
    @Test
    @Order(6)
    void attackerPageOnAnotherOriginThenNeitherLogoutNorTheUnsafeCallTakeEffect() throws Exception {
        browser.get(base);
        waitFor("resumed", SamplePageIT::signedIn);
        waitFor("clicks shown", () -> clicks() >= 0);
        long before = clicks();
        String target = base.substring(0, base.length() - 1);
        String attack = "<!DOCTYPE html><html><body><form id='f' method='POST' action='" + target + "/auth/logout'>"
                + "<input name='x' value='1'></form><script>"
                + "const opts = {method: 'POST', credentials: 'include', mode: 'no-cors', body: 'x'};"
                + "Promise.allSettled([fetch('" + target + "/api/clicks', opts), fetch('" + target + "/auth/logout', opts),"
                + " fetch('" + target + "/auth/logout?all=true', opts), fetch('" + target + "/auth/extendtoken', opts)])"
                + ".then(() => { document.title = 'fired'; document.getElementById('f').submit(); });"
                + "</script></body></html>";
        Server attacker = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        attacker.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
                Content.Sink.write(response, true, attack, callback);
                return true;
            }
        });
        attacker.start();
        try {
            browser.get("http://127.0.0.1:" + ((ServerConnector) attacker.getConnectors()[0]).getLocalPort() + "/");
            waitFor("the form was submitted to the sample", () -> browser.getCurrentUrl().startsWith(target + "/auth/logout"));
            waitFor("the sample answered it", () -> browser.getPageSource().contains("csrf"));
            assertTrue(browser.getPageSource().contains("\"error\":\"csrf\""), browser.getPageSource());
            screenshot("06-attacker-form-refused");
        } finally {
            attacker.stop();
        }
        browser.get(base);
        waitFor("still signed in", () -> text("status").equals("Signed in (session resumed)."));
        waitFor("clicks shown", () -> clicks() >= 0);
        assertEquals(before, clicks(), "the other origin's POST did not count");
    }

    @Test
    @Order(7)
    void logoutInAnotherTabThenThisTabNoticesAndTheSessionIsGone() throws Exception {
        browser.get(base);
        waitFor("resumed", SamplePageIT::signedIn);
        String first = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(base);
        waitFor("the second tab resumed the same session", () -> text("status").equals("Signed in (session resumed)."));
        element("logout-button").click();
        waitFor("logged out in the second tab", () -> text("status").equals("Logged out."));
        browser.close();
        browser.switchTo().window(first);
        waitFor("the first tab noticed", () -> text("status").equals("Signed out in another tab."));
        assertFalse(signedIn());
        assertEquals("", ((JavascriptExecutor) browser).executeScript("return document.cookie;"));
        browser.navigate().refresh();
        waitFor("a reload stays signed out", () -> text("status").equals("Not logged in."));
        screenshot("07-logged-out-in-another-tab");
    }

    @Test
    @Order(8)
    void loginAsAdminThenTheAdminCallAnswersThenLogOut() throws Exception {
        signIn("admin", "admin-password-1");
        waitFor("the admin call answered", () -> text("admin-result").contains("cachedSessions"));
        screenshot("06-admin-signed-in");
        element("logout-button").click();
        waitFor("logged out", () -> text("status").equals("Logged out."));
        assertFalse(signedIn());
        screenshot("07-logged-out");
    }

    @Test
    @Order(9)
    void logoutOfAllSessionsThenTheOtherSessionsTokenIsRefused() throws Exception {
        JsonNode other = sample.flow.login("admin", "admin-password-1"); // a second device, over the API
        sample.flow.assertMe(other, "admin");
        signIn("admin", "admin-password-1");
        element("logout-all-button").click();
        waitFor("logged out of all", () -> text("status").equals("Logged out of all sessions."));
        sample.flow.assertRefused(other, "bad-token");
        screenshot("08-logged-out-of-all");
    }

    @Test
    @Order(10)
    void loginWhenThrottledThenThePageSaysHowLongToWait() throws Exception {
        openSignedOut();
        for (int attempt = 0; attempt < 30 && !text("login-error").contains("Too many attempts"); attempt++) {
            logIn("mallory", "guess-" + attempt);
            // The page empties the password field once the answer is shown.
            waitFor("an answer", () -> element("login-error").isDisplayed() && element("password").getDomProperty("value").isEmpty());
        }
        String error = text("login-error");
        assertTrue(error.matches("Too many attempts: wait \\d+ s before trying again\\. 429 throttled.*"), error);
        screenshot("09-throttled");
    }

    @Test
    @Order(11)
    void pageHeadersAndNoDirectoryListing() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline") && policy.contains("default-src 'none'"), policy);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
        assertFalse(page.body().contains("<script>"), "no inline script");
        for (String directory : new String[] {"assets/", "WEB-INF/"}) {
            HttpResponse<String> listing = client.send(HttpRequest.newBuilder(URI.create(base + directory)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(listing.statusCode() == 403 || listing.statusCode() == 404, directory + ": " + listing.statusCode());
            assertFalse(listing.body().contains("app.js") || listing.body().contains("web.xml"), directory + " is not listed");
        }
    }

    // #29 item 13: Chromium resolves localhost to ::1 first, and a login from the IPv6 loopback was refused
    // (403 https-required): the quick start's page could not be used at http://localhost:8080/.
    @Test
    @Order(12)
    void loginWhenThePageIsOpenedAtLocalhostOrTheIpv6LoopbackThenSignedIn() throws Exception {
        for (String host : new String[] {"localhost", "[::1]"}) {
            browser.get("http://" + host + ":" + sample.port + "/");
            waitFor("the page settled at " + host, () -> text("status").equals("Not logged in."));
            logIn("demo", "demo-password-1");
            waitFor("signed in at " + host, SamplePageIT::signedIn);
            screenshot("10-signed-in-at-" + host.replaceAll("[\\[\\]:]", ""));
            element("logout-button").click();
            waitFor("signed out at " + host, () -> !signedIn());
        }
    }

    /** #33: the page's DPoP client: a WebCrypto key, a login with a proof, and a token that works only with proofs. */
    @Test
    @Order(13)
    void dpopClientOnThePageThenItsTokenWorksOnlyWithAFreshProof() throws Exception {
        browser.get(base);
        element("dpop-password").sendKeys("demo-password-1");
        element("dpop-login-button").click();
        waitFor("a DPoP-bound token", () -> text("dpop-token-type").equals("DPoP"));
        assertTrue(text("dpop-jkt").matches("[A-Za-z0-9_-]{43}"), text("dpop-jkt"));
        for (int call = 0; call < 2; call++) {
            // A new proof each time: the second call is not a replay.
            String before = text("dpop-result");
            element("dpop-call-button").click();
            waitFor("the call with a proof answered", () -> !text("dpop-result").equals(before) && text("dpop-result").startsWith("200 "));
            assertTrue(text("dpop-result").contains("\"name\":\"demo\""), text("dpop-result"));
            element("dpop-bearer-button").click();
            waitFor("the bearer call refused", () -> text("dpop-result").startsWith("401 "));
            assertTrue(text("dpop-result").contains("bad-dpop"), text("dpop-result"));
        }
        screenshot("13-dpop-client");
    }
}
