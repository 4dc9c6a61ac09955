package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.RecordingResponse;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The authentication module's decisions, with a running filter behind it: what the container is told (status
 * and callbacks) and what the client gets, for a constrained resource ("mandatory") and an unconstrained one.
 */
class BearerAuthModuleTest {
    private final Map<String, Object> attributes = new HashMap<>();
    private final ServletContext context = Fixtures.servletContext(attributes, new ArrayList<>());
    private final JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build();
    private final List<Callback> callbacks = new ArrayList<>();
    private final BearerAuthModule module = new BearerAuthModule(BearerAuthModule.Host.PROFILE);

    @BeforeEach
    void start() throws Exception {
        filter.init(Fixtures.filterConfig(Map.of(), context));
        module.initialize(null, null, handled -> callbacks.addAll(List.of(handled)), Map.of());
    }

    @AfterEach
    void stop() {
        filter.destroy();
    }

    private String token(String user, String password) {
        AuthService auth = (AuthService) attributes.get(AuthService.class.getName());
        return auth.login(user, password.toCharArray(), ClientInfo.local()).accessToken();
    }

    @Test
    void validateWhenValidTokenOnConstrainedResourceThenCallerAndGroupsGoToTheContainer() throws Exception {
        Exchange exchange = new Exchange("/api/container/me", "Bearer " + token("demo", "demo-password-1"), true);
        Subject client = new Subject();
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(exchange.message(), client, null));
        CallerPrincipalCallback caller = (CallerPrincipalCallback) callbacks.get(0);
        assertSame(client, caller.getSubject());
        assertEquals("demo", caller.getPrincipal().getName());
        assertTrue(caller.getPrincipal() instanceof AuthenticatedUser);
        GroupPrincipalCallback groups = (GroupPrincipalCallback) callbacks.get(1);
        assertEquals(Set.of("Registered Users", "Subscribers"), Set.of(groups.getGroups()));
        assertEquals(0, exchange.recorded.status, "nothing written: the container goes on");
    }

    @Test
    void validateWhenNoOrBadTokenOnConstrainedResourceThenRefusedWithJwtauthsJson() throws Exception {
        Exchange none = new Exchange("/api/container/me", null, true);
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(none.message(), new Subject(), null));
        assertEquals(401, none.recorded.status);
        assertTrue(none.body().contains("\"error\":\"no-token\""), none.body());
        assertEquals("Bearer realm=\"jwtauth\"", none.headers.get("WWW-Authenticate"));

        Exchange bad = new Exchange("/api/container/me", "Bearer not.a.token", true);
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(bad.message(), new Subject(), null));
        assertEquals(401, bad.recorded.status);
        assertTrue(bad.body().contains("\"error\":\"bad-jwt\""), bad.body());
        assertTrue(bad.headers.get("WWW-Authenticate").contains("error=\"invalid_token\""));
        assertTrue(callbacks.isEmpty(), "no caller for a refused request");
    }

    @Test
    void validateWhenUnconstrainedResourceWithoutUsableTokenThenAnonymousSuccess() throws Exception {
        for (String authorization : new String[] {null, "Bearer not.a.token"}) {
            callbacks.clear();
            Exchange exchange = new Exchange("/api/public/ping", authorization, false);
            assertEquals(AuthStatus.SUCCESS, module.validateRequest(exchange.message(), new Subject(), null));
            assertNull(((CallerPrincipalCallback) callbacks.get(0)).getPrincipal(), "the profile's anonymous caller");
            assertEquals(0, exchange.recorded.status);
        }
    }

    @Test
    void validateWhenEndpointThenNeverRefusedSinceRenewalPresentsAnExpiredToken() throws Exception {
        Exchange renewal = new Exchange("/auth/extendtoken", "Bearer not.a.token", false);
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(renewal.message(), new Subject(), null));
        assertEquals(0, renewal.recorded.status);
    }

    @Test
    void validateWhenFilterNotRunningThenConstrainedResourceIsUnavailable() throws Exception {
        filter.destroy();
        Exchange exchange = new Exchange("/api/container/me", "Bearer x", true);
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(exchange.message(), new Subject(), null));
        assertEquals(503, exchange.recorded.status);
        assertTrue(exchange.body().contains("\"error\":\"unavailable\""), exchange.body());
    }

    @Test
    void validateWhenKeyAbsentThenUnconstrainedAsTheProfileSays() throws Exception {
        Exchange exchange = new Exchange("/api/public/ping", null, null);
        assertEquals(AuthStatus.SUCCESS, module.validateRequest(exchange.message(), new Subject(), null));
        assertEquals(0, exchange.recorded.status);
    }

    @Test
    void validateWhenJettyCoreOmitsTheKeyThenConstrainedAndTheRefusalWaitsForTheErrorPage() throws Exception {
        // Jetty 12 (ee10, ee11) asks the module only about constrained resources, never sets the key, and answers
        // FAILURE with a bare 403 and its <error-page>, where the refusal kept with the request is sent.
        BearerAuthModule jetty = new BearerAuthModule(BearerAuthModule.Host.JETTY_CORE);
        jetty.initialize(null, null, handled -> callbacks.addAll(List.of(handled)), Map.of());
        Exchange none = new Exchange("/api/container/me", null, null);
        assertEquals(AuthStatus.FAILURE, jetty.validateRequest(none.message(), new Subject(), null));
        assertEquals(0, none.recorded.status, "nothing written by the module");
        none.errorPage(403);
        assertEquals(401, none.recorded.status);
        assertTrue(none.body().contains("\"error\":\"no-token\""), none.body());
        assertEquals("Bearer realm=\"jwtauth\"", none.headers.get("WWW-Authenticate"));

        Exchange bad = new Exchange("/api/container/me", "Bearer not.a.token", null);
        assertEquals(AuthStatus.FAILURE, jetty.validateRequest(bad.message(), new Subject(), null));
        bad.errorPage(403);
        assertEquals(401, bad.recorded.status);
        assertTrue(bad.body().contains("\"error\":\"bad-jwt\""), bad.body());

        Exchange valid = new Exchange("/api/container/me", "Bearer " + token("demo", "demo-password-1"), null);
        assertEquals(AuthStatus.SUCCESS, jetty.validateRequest(valid.message(), new Subject(), null));
        assertEquals("demo", ((CallerPrincipalCallback) callbacks.get(0)).getPrincipal().getName());

        Exchange unconstrained = new Exchange("/api/public/ping", null, false);
        assertEquals(AuthStatus.SUCCESS, jetty.validateRequest(unconstrained.message(), new Subject(), null), "a key that is set still counts");
    }

    @Test
    void errorPageWhenNoRefusalKeptThenTheContainersOwnStatusAsJwtauthsError() throws Exception {
        Exchange forbidden = new Exchange("/api/container/admin", null, true);
        forbidden.errorPage(403);
        assertEquals(403, forbidden.recorded.status);
        assertTrue(forbidden.body().contains("\"error\":\"forbidden\""), forbidden.body());
    }

    @Test
    void validateWhenNoResponseToWriteToThenRefusedQuietly() throws Exception {
        // A lazy authentication (getUserPrincipal on an unconstrained resource) may come without a response.
        Exchange exchange = new Exchange("/api/container/me", null, true);
        exchange.withoutResponse = true;
        assertEquals(AuthStatus.SEND_FAILURE, module.validateRequest(exchange.message(), new Subject(), null));
        assertEquals(0, exchange.recorded.status);
    }

    /** One request and its response, as the container hands them to the module. */
    private final class Exchange {
        final String path;
        final String authorization;
        final Boolean mandatory;
        boolean withoutResponse;
        final RecordingResponse recorded = new RecordingResponse();
        final Map<String, String> headers = recorded.headers;

        /** {@code mandatory} null: the container leaves the profile's key out (Jetty 12 from ee10 on). */
        Exchange(String path, String authorization, Boolean mandatory) {
            this.path = path;
            this.authorization = authorization;
            this.mandatory = mandatory;
        }

        final Map<String, Object> requestAttributes = new HashMap<>();

        String body() {
            return recorded.body();
        }

        /** The container's error dispatch of this request with {@code status} to jwtauth's error page. */
        void errorPage(int status) throws Exception {
            requestAttributes.put(RequestDispatcher.ERROR_STATUS_CODE, status);
            MessageInfo dispatch = message();
            new ContainerErrorServlet().service((HttpServletRequest) dispatch.getRequestMessage(),
                    (HttpServletResponse) dispatch.getResponseMessage());
        }

        MessageInfo message() {
            HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (self, call, args) -> switch (call.getName()) {
                        case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                        case "getServletContext" -> context;
                        case "getServletPath" -> path;
                        case "getPathInfo" -> null;
                        case "getMethod" -> "GET";
                        case "getAttribute" -> requestAttributes.get((String) args[0]);
                        case "setAttribute" -> requestAttributes.put((String) args[0], args[1]);
                        default -> throw new UnsupportedOperationException(call.getName());
                    });
            HttpServletResponse response = recorded.proxy();
            Map<String, Object> map = new HashMap<>();
            if (mandatory != null) {
                map.put(BearerAuthModule.IS_MANDATORY, Boolean.toString(mandatory));
            }
            return new MessageInfo() {
                @Override
                public Object getRequestMessage() {
                    return request;
                }

                @Override
                public Object getResponseMessage() {
                    return withoutResponse ? null : response;
                }

                @Override
                public void setRequestMessage(Object message) {
                }

                @Override
                public void setResponseMessage(Object message) {
                }

                @Override
                @SuppressWarnings("rawtypes")
                public Map getMap() {
                    return map;
                }
            };
        }
    }
}
