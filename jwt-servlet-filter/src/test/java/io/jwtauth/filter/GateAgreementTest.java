package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.RecordingResponse;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filter and the container's module answer every request alike: both ask the one gate, and both write its
 * refusals through the one writer. For each credential a request can carry and each kind of target (public,
 * protected, role-restricted: a path rule for the filter, a {@code <security-constraint>} and the container's own
 * role check for the module), the two entry points reach the same outcome, byte for byte on a refusal.
 */
class GateAgreementTest {
    private final Map<String, Object> attributes = new HashMap<>();
    private final ServletContext context = Fixtures.servletContext(attributes, new ArrayList<>());
    private final JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).setting("jwtauth.cookies", "on")
            .provider(Fixtures.stores()).build();

    @BeforeEach
    void start() throws Exception {
        filter.init(Fixtures.filterConfig(Map.of(), context));
    }

    @AfterEach
    void stop() {
        filter.destroy();
    }

    /** What one entry point did with a request: passed it on (as whom), or refused it (status, header, body). */
    private record Outcome(String passedAs, int status, String wwwAuthenticate, String body) {
        static Outcome passed(String user) {
            return new Outcome(user == null ? "anonymous" : user, 0, null, null);
        }
    }

    private final class Exchange {
        final String path;
        final String authorization;
        final Map<String, Object> requestAttributes = new HashMap<>();
        final RecordingResponse recorded = new RecordingResponse();

        Exchange(String path, String authorization) {
            this.path = path;
            this.authorization = authorization;
        }

        HttpServletRequest request() {
            // "cookie:<token>[:<csrf header>]": the browser transport's POST, with or without its CSRF token.
            String[] cookie = authorization != null && authorization.startsWith("cookie:") ? authorization.split(":") : null;
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                    (self, call, args) -> switch (call.getName()) {
                        case "getHeader" -> "Authorization".equals(args[0]) ? (cookie == null ? authorization : null)
                                : "X-CSRF-Token".equals(args[0]) && cookie != null && cookie.length > 2 ? cookie[2] : null;
                        case "getCookies" -> cookie == null ? null
                                : new jakarta.servlet.http.Cookie[] {new jakarta.servlet.http.Cookie("__Host-jwtauth-access", cookie[1])};
                        case "getContextPath" -> "";
                        case "getServletContext" -> context;
                        case "getServletPath" -> path;
                        case "getPathInfo", "getQueryString", "getContentType", "getUserPrincipal" -> null;
                        case "getMethod" -> cookie == null ? "GET" : "POST";
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getAttribute" -> requestAttributes.get((String) args[0]);
                        case "setAttribute" -> requestAttributes.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(call.getName());
                    });
        }

        HttpServletResponse response() {
            return recorded.proxy();
        }

        Outcome refused() {
            return new Outcome(null, recorded.status, recorded.headers.get("WWW-Authenticate"), recorded.body());
        }
    }

    private String authorization(String credential) {
        AuthService auth = filter.authService();
        return switch (credential) {
            case "none" -> null;
            case "malformed" -> "Bearer";
            case "other-scheme" -> "Basic ZGVtbzpkZW1v";
            case "valid-user" -> "Bearer " + auth.login("demo", "demo-password-1".toCharArray(), ClientInfo.local()).accessToken();
            case "valid-admin" -> "Bearer " + auth.login("admin", "admin-password-1".toCharArray(), ClientInfo.local()).accessToken();
            case "forged" -> {
                String token = auth.login("demo", "demo-password-1".toCharArray(), ClientInfo.local()).accessToken();
                yield "Bearer " + token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
            }
            case "cookie-with-csrf", "cookie-without-csrf" -> {
                String token = auth.login("demo", "demo-password-1".toCharArray(), ClientInfo.local()).accessToken();
                yield "cookie:" + token + (credential.equals("cookie-with-csrf")
                        ? ":" + io.jwtauth.filter.BrowserCookies.csrfToken(token) : "");
            }
            case "logged-out" -> {
                String token = auth.login("demo", "demo-password-1".toCharArray(), ClientInfo.local()).accessToken();
                auth.logout(token, false, ClientInfo.local());
                yield "Bearer " + token;
            }
            default -> throw new IllegalArgumentException(credential);
        };
    }

    private Outcome throughFilter(String path, String authorization) throws Exception {
        Exchange exchange = new Exchange(path, authorization);
        String[] passedAs = new String[1];
        boolean[] passed = new boolean[1];
        filter.doFilter(exchange.request(), exchange.response(), (request, response) -> {
            passed[0] = true;
            passedAs[0] = ((HttpServletRequest) request).getUserPrincipal() == null ? null
                    : ((HttpServletRequest) request).getUserPrincipal().getName();
        });
        return passed[0] ? Outcome.passed(passedAs[0]) : exchange.refused();
    }

    /** As a container does: its constraint says whether the resource is constrained and which role it names. */
    private Outcome throughContainer(boolean mandatory, String role, String authorization) throws Exception {
        Exchange exchange = new Exchange("/resource", authorization);
        ContainerAuthentication running = ContainerAuthentication.of(context);
        assertNotNull(running);
        Admission admission = running.authenticate(exchange.request(), mandatory);
        if (admission.isRefused()) {
            running.sendRefusal(exchange.response(), admission);
            return exchange.refused();
        }
        AuthenticatedUser user = admission.user();
        if (role != null && (user == null || !user.hasRole(role))) {
            running.sendContainerStatus(exchange.response(), user == null ? 401 : 403);
            return exchange.refused();
        }
        return Outcome.passed(user == null ? null : user.getName());
    }

    @ParameterizedTest(name = "{0} to a {1} target")
    @CsvSource({
        "none, public", "malformed, public", "other-scheme, public", "valid-user, public", "forged, public", "logged-out, public",
        "none, protected", "malformed, protected", "other-scheme, protected", "valid-user, protected", "forged, protected",
        "logged-out, protected",
        "none, admin", "malformed, admin", "valid-user, admin", "valid-admin, admin", "forged, admin", "logged-out, admin",
        "cookie-with-csrf, public", "cookie-with-csrf, protected", "cookie-with-csrf, admin",
        "cookie-without-csrf, public", "cookie-without-csrf, protected", "cookie-without-csrf, admin",
    })
    void everyCredentialAndTargetThenFilterAndContainerModuleAgree(String credential, String target) throws Exception {
        String authorization = authorization(credential);
        Outcome filterOutcome = switch (target) {
            case "public" -> throughFilter("/api/public/ping", authorization);
            case "protected" -> throughFilter("/api/me", authorization);
            default -> throughFilter("/api/admin/stats", authorization);
        };
        Outcome containerOutcome = switch (target) {
            case "public" -> throughContainer(false, null, authorization);
            case "protected" -> throughContainer(true, null, authorization);
            default -> throughContainer(true, "Administrators", authorization);
        };
        assertEquals(filterOutcome, containerOutcome);
        if (credential.equals("cookie-without-csrf")) {
            assertEquals(target.equals("public") ? Outcome.passed(null).status() : 403, filterOutcome.status(), filterOutcome.toString());
        } else if (credential.equals("cookie-with-csrf") && target.equals("protected")) {
            assertEquals(Outcome.passed("demo"), filterOutcome);
        }
    }
}
