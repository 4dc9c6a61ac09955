package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.filter.testing.Fixtures;
import jakarta.servlet.ServletException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #31: what the filter makes of the application's {@code web.xml} in container-enforced mode: a {@code <login-config>}
 * jwtauth cannot run stops the start naming it, and an {@code <absolute-ordering>} that keeps jwtauth's initializer
 * out is reported with the exact fix.
 */
class ApplicationLoginConfigTest {
    private final Map<String, Object> attributes = new HashMap<>();
    private final List<String> containerLog = new ArrayList<>();

    private static String webXml(String inside) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n"
                + inside + "\n</web-app>\n";
    }

    private void start(String webXml, boolean containerAuth) throws Exception {
        start(webXml, containerAuth, Map.of());
    }

    private void start(String webXml, boolean containerAuth, Map<String, String> extra) throws Exception {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).settings(extra)
                .setting("jwtauth.container-auth", Boolean.toString(containerAuth)).provider(Fixtures.stores()).build();
        try {
            filter.init(Fixtures.filterConfig(Map.of(), Fixtures.servletContext(attributes, containerLog, webXml)));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void absoluteOrderingWithoutOthersThenTheLogNamesItAndTheFix() throws Exception {
        start(webXml("<absolute-ordering><name>some-fragment</name></absolute-ordering>"), true);
        assertEquals(1, containerLog.size(), containerLog.toString());
        String message = containerLog.get(0);
        assertTrue(message.contains("web.xml's <absolute-ordering> leaves jwtauth's jar out")
                && message.contains("Add <others/> inside <absolute-ordering>"), message);
    }

    @Test
    void absoluteOrderingEmptyThenTheSameMessage() throws Exception {
        start(webXml("<absolute-ordering/>"), true);
        assertTrue(containerLog.get(0).contains("<absolute-ordering> leaves jwtauth's jar out"), containerLog.toString());
    }

    @Test
    void absoluteOrderingWithOthersThenTheSettingIsWhatWasNotSeen() throws Exception {
        start(webXml("<absolute-ordering><name>a</name><others/></absolute-ordering>"), true);
        assertTrue(containerLog.get(0).contains("the container did not see it before the filter started"), containerLog.toString());
        assertTrue(containerLog.stream().noneMatch(line -> line.contains("absolute-ordering")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DIGEST", "CLIENT-CERT", "SPNEGO"})
    void loginConfigJwtauthCannotRunThenTheStartFailsNamingIt(String method) {
        ServletException refused = assertThrows(ServletException.class,
                () -> start(webXml("<login-config><auth-method>" + method + "</auth-method></login-config>"), true));
        assertTrue(refused.getMessage().contains("jwtauth.container-auth: web.xml's <login-config>: <auth-method>" + method
                + "</auth-method> is not one jwtauth's module can run"), refused.getMessage());
    }

    /** A provider browsers can sign in through (its discovery document is read at the first sign-in, not at start). */
    private static Map<String, String> signInProvider(String browserLogin, boolean cookies) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.external.kc.issuer", "http://127.0.0.1:9/realms/acme",
                "jwtauth.external.kc.client-id", "orders-web", "jwtauth.cookies", Boolean.toString(cookies)));
        if (browserLogin != null) {
            settings.put("jwtauth.browser-login", browserLogin);
        }
        return settings;
    }

    @ParameterizedTest
    @ValueSource(strings = {"KEYCLOAK", "OIDC"})
    void providerLoginConfigOfKeycloaksAdaptersWhenBrowserLoginNamesTheProviderThenTheFilterStarts(String method) throws Exception {
        attributes.put(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        start(webXml("<login-config><auth-method>" + method + "</auth-method><realm-name>acme</realm-name></login-config>"), true,
                signInProvider("kc", true));
    }

    @Test
    void providerLoginConfigWithoutBrowserLoginThenTheStartFailsNamingTheSetting() {
        attributes.put(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        ServletException refused = assertThrows(ServletException.class, () -> start(webXml(
                "<login-config><auth-method>KEYCLOAK</auth-method></login-config>"), true, signInProvider(null, true)));
        assertTrue(refused.getMessage().contains("jwtauth.browser-login: must name the identity provider to sign in at"),
                refused.getMessage());
    }

    @Test
    void browserLoginNamingAProviderWithoutAClientIdThenTheStartFailsListingThoseWithOne() {
        ServletException refused = assertThrows(ServletException.class, () -> start(webXml(""), false, signInProvider("entra", true)));
        assertTrue(refused.getMessage().contains("jwtauth.browser-login: names no identity provider browsers can sign in through")
                && refused.getMessage().contains("[kc]"), refused.getMessage());
    }

    @Test
    void browserLoginWithoutTheCookieTransportThenTheStartFailsNamingWhatItNeeds() {
        ServletException refused = assertThrows(ServletException.class, () -> start(webXml(""), false, signInProvider("kc", false)));
        assertTrue(refused.getMessage().contains("jwtauth.browser-login: needs jwtauth.cookies=on"), refused.getMessage());
    }

    @Test
    void formLoginConfigWithoutItsPagesThenTheStartFails() {
        ServletException refused = assertThrows(ServletException.class,
                () -> start(webXml("<login-config><auth-method>FORM</auth-method></login-config>"), true));
        assertTrue(refused.getMessage().contains("needs a <form-login-config> with a <form-login-page> and a <form-error-page>"),
                refused.getMessage());
    }

    @Test
    void loginConfigWhereTheContainerHookCannotRunItThenTheStartFailsNamingTheContainer() {
        attributes.put(ContainerAuthentication.HANDLED, "an adapter to the container's own SPI");
        ServletException refused = assertThrows(ServletException.class,
                () -> start(webXml("<login-config><auth-method>BASIC</auth-method></login-config>"), true));
        assertTrue(refused.getMessage().contains("<login-config> (BASIC) cannot be run by jwtauth in this container (TestContainer/1.0)"),
                refused.getMessage());
    }

    @Test
    void loginConfigWhereTheModuleRunsItThenTheFilterStarts() throws Exception {
        attributes.put(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        attributes.put(ContainerAuthentication.RUNS_LOGIN_CONFIG, Boolean.TRUE);
        start(webXml("<login-config><auth-method>FORM</auth-method><form-login-config><form-login-page>/login.jsp</form-login-page>"
                + "<form-error-page>/error.jsp</form-error-page></form-login-config></login-config>"), true);
        assertTrue(containerLog.isEmpty(), containerLog.toString());
    }

    @Test
    void loginConfigWithoutContainerAuthThenTheContainerRunsItAndJwtauthSaysNothing() throws Exception {
        start(webXml("<login-config><auth-method>DIGEST</auth-method></login-config>"
                + "<absolute-ordering/>"), false);
        assertTrue(containerLog.isEmpty(), containerLog.toString());
    }

    @Test
    void descriptorWithAnExternalEntityThenItIsNeverFetched() throws Exception {
        String hostile = "<?xml version=\"1.0\"?>\n<!DOCTYPE web-app [<!ENTITY x SYSTEM \"http://127.0.0.1:1/never\">]>\n"
                + "<web-app><login-config><auth-method>&x;BASIC</auth-method></login-config></web-app>";
        attributes.put(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        attributes.put(ContainerAuthentication.RUNS_LOGIN_CONFIG, Boolean.TRUE);
        start(hostile, true); // the entity is refused or left empty: never fetched, never a hang
    }
}
