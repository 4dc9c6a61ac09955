package io.jwtauth.filter.jaspic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.filter.ContainerAuthentication;
import io.jwtauth.filter.ContainerAuthentication.Verdict;
import io.jwtauth.filter.JwtAuthFilter;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.RecordingResponse;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #32: {@code jwtauth.browser-login} as the application's login in container-enforced mode (a {@code web.xml} written for
 * Keycloak's adapters, {@code <auth-method>KEYCLOAK</auth-method>}), as jwtauth's Jakarta Authentication module asks for
 * it: a page request without credentials to a constrained resource goes to the provider's sign-in (or, when it came
 * through another site, on from a page of this origin); an API client keeps {@code 401 no-token}; an open resource
 * leaves the caller anonymous.
 */
class ContainerBrowserLoginTest {
    private final Map<String, Object> attributes = new HashMap<>();
    private final ServletContext context = Fixtures.servletContext(attributes, new ArrayList<>(),
            "<web-app><login-config><auth-method>KEYCLOAK</auth-method><realm-name>acme</realm-name></login-config></web-app>");
    private final JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).setting("jwtauth.container-auth", "true")
            .setting("jwtauth.cookies", "on").setting("jwtauth.browser-login", "kc")
            .setting("jwtauth.external.kc.issuer", "http://127.0.0.1:9/realms/acme").setting("jwtauth.external.kc.client-id", "orders-web")
            .provider(Fixtures.stores()).build();

    @BeforeEach
    void start() throws Exception {
        attributes.put(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        attributes.put(ContainerAuthentication.RUNS_LOGIN_CONFIG, Boolean.TRUE);
        filter.init(Fixtures.filterConfig(Map.of(), context));
    }

    @AfterEach
    void stop() {
        filter.destroy();
    }

    private HttpServletRequest request(String accept, String fetchSite) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (self, call, args) -> switch (call.getName()) {
                    case "getHeader" -> "Accept".equals(args[0]) ? accept : "Sec-Fetch-Site".equals(args[0]) ? fetchSite : null;
                    case "getServletContext" -> context;
                    case "getServletPath" -> "/orders/list.jsp";
                    case "getRequestURI" -> "/shop/orders/list.jsp";
                    case "getContextPath" -> "/shop";
                    case "getQueryString" -> "page=2";
                    case "getPathInfo", "getCookies", "getContentType", "getUserPrincipal" -> null;
                    case "getMethod" -> "GET";
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }

    private Verdict validate(String accept, String fetchSite, boolean mandatory, RecordingResponse recorded) throws Exception {
        return ContainerAuthentication.of(context).validate(request(accept, fetchSite), recorded.proxy(), mandatory);
    }

    @Test
    void pageRequestToAConstrainedResourceThenToTheProvidersSignInReturningToThePage() throws Exception {
        RecordingResponse recorded = new RecordingResponse();
        Verdict verdict = validate("text/html,application/xhtml+xml", "none", true, recorded);
        assertEquals(Verdict.Kind.ANSWERED, verdict.kind());
        assertEquals(302, recorded.status);
        assertEquals("/shop/auth/oidc/kc/login?return=%2Fshop%2Forders%2Flist.jsp%3Fpage%3D2", recorded.headers.get("Location"));
    }

    @Test
    void pageRequestThatCameThroughAnotherSiteThenAPageThatGoesOnFromThisOrigin() throws Exception {
        RecordingResponse recorded = new RecordingResponse();
        assertEquals(Verdict.Kind.ANSWERED, validate("text/html", "cross-site", true, recorded).kind());
        assertEquals(200, recorded.status);
        assertTrue(recorded.body().contains("content=\"0;url=/shop/orders/list.jsp?page=2\""), recorded.body());
        assertEquals("default-src 'none'", recorded.headers.get("Content-Security-Policy"));
    }

    @Test
    void apiClientThenStill401NoToken() throws Exception {
        Verdict verdict = validate("application/json", null, true, new RecordingResponse());
        assertEquals(Verdict.Kind.REFUSED, verdict.kind());
        assertEquals(AuthError.NO_TOKEN, verdict.refusal().refusal());
    }

    @Test
    void openResourceThenAnonymousAndNoRedirect() throws Exception {
        RecordingResponse recorded = new RecordingResponse();
        assertEquals(Verdict.Kind.ANONYMOUS, validate("text/html", "none", false, recorded).kind());
        assertEquals(0, recorded.status);
    }
}
