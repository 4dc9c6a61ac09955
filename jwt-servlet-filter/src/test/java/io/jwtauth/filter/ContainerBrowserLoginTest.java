package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.filter.ContainerAuthentication.Verdict;
import io.jwtauth.filter.testing.RecordingResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * #32: {@code jwtauth.browser-login} as the application's login in container-enforced mode (a {@code web.xml} written for
 * Keycloak's adapters, {@code <auth-method>KEYCLOAK</auth-method>}), as jwtauth's Jakarta Authentication module asks for
 * it: a page request without credentials to a constrained resource goes to the provider's sign-in (or, when it came
 * through another site, on from a page of this origin); an API client keeps {@code 401 no-token}; an open resource
 * leaves the caller anonymous.
 */
class ContainerBrowserLoginTest {
    @RegisterExtension
    final ModuleFixture app = new ModuleFixture(
            "<web-app><login-config><auth-method>KEYCLOAK</auth-method><realm-name>acme</realm-name></login-config></web-app>",
            Map.of("jwtauth.cookies", "on", "jwtauth.browser-login", "kc", "jwtauth.external.kc.issuer", "http://127.0.0.1:9/realms/acme",
                    "jwtauth.external.kc.client-id", "orders-web"));

    private HttpServletRequest request(String accept, String fetchSite) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", accept);
        headers.put("Sec-Fetch-Site", fetchSite);
        return app.get(headers, "/orders/list.jsp", "/shop/orders/list.jsp", "/shop", "page=2");
    }

    private Verdict validate(String accept, String fetchSite, boolean mandatory, RecordingResponse recorded) throws Exception {
        return app.running().validate(request(accept, fetchSite), recorded.proxy(), mandatory);
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
