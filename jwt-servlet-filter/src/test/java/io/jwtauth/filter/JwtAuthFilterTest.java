package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.RecordingResponse;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The filter's own three phases: init builds or refuses naming the key, doFilter answers, destroy is idempotent. */
class JwtAuthFilterTest {
    private final ServletContext context = Fixtures.servletContext(new HashMap<>(), new ArrayList<>());

    private static HttpServletRequest request(String path) {
        return (HttpServletRequest) Proxy.newProxyInstance(JwtAuthFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (self, call, args) -> switch (call.getName()) {
                    case "getServletPath" -> path;
                    case "getPathInfo", "getHeader", "getQueryString", "getCookies", "getContentType" -> null;
                    case "getMethod" -> "GET";
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }

    @Test
    void initWhenASettingIsBadThenServletExceptionNamingTheKey() {
        Map<String, String> settings = new HashMap<>(Fixtures.settings());
        settings.put("jwtauth.paths.public", "*.css");
        settings.put("jwtauth.paths.protected", "/*");
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build();
        ServletException refused = assertThrows(ServletException.class, () -> filter.init(Fixtures.filterConfig(Map.of(), context)));
        assertTrue(refused.getMessage().contains("jwtauth.paths.public"), refused.getMessage());
        assertNull(filter.authService(), "nothing runs");
    }

    @Test
    void doFilterWhenNotRunningThenUnavailableAndTheChainNotCalled() throws Exception {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build();
        RecordingResponse response = new RecordingResponse();
        boolean[] called = new boolean[1];
        filter.doFilter(request("/api/me"), response.proxy(), (request, reply) -> called[0] = true);
        assertEquals(503, response.status);
        assertTrue(response.body().contains("\"error\":\"unavailable\""), response.body());
        assertEquals(false, called[0]);
    }

    @Test
    void doFilterWhenNotHttpThenPassedOnUntouched() throws Exception {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build();
        filter.init(Fixtures.filterConfig(Map.of(), context));
        try {
            ServletRequest plain = (ServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletRequest.class},
                    (self, call, args) -> {
                        throw new UnsupportedOperationException(call.getName());
                    });
            ServletRequest[] passed = new ServletRequest[1];
            filter.doFilter(plain, (ServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServletResponse.class},
                    (self, call, args) -> {
                        throw new UnsupportedOperationException(call.getName());
                    }), (request, reply) -> passed[0] = request);
            assertSame(plain, passed[0]);
        } finally {
            filter.destroy();
        }
    }

    @Test
    void currentUserWhenAnotherFilterWrappedTheRequestThenStillJwtauthsUser() throws Exception {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build();
        filter.init(Fixtures.filterConfig(Map.of(), context));
        try {
            String token = filter.authService().login("admin", "admin-password-1".toCharArray(), ClientInfo.local()).accessToken();
            HttpServletRequest bearer = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (self, call, args) -> switch (call.getName()) {
                        case "getServletPath" -> "/api/me";
                        case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? "Bearer " + token : null;
                        case "getHeaders" -> java.util.Collections.enumeration("Authorization".equalsIgnoreCase((String) args[0])
                                ? java.util.List.of("Bearer " + token) : java.util.List.of());
                        case "getPathInfo", "getQueryString", "getCookies", "getContentType", "getAttribute" -> null;
                        case "getMethod" -> "GET";
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getUserPrincipal" -> null;
                        default -> throw new UnsupportedOperationException(call.getName());
                    });
            ServletRequest[] passed = new ServletRequest[1];
            filter.doFilter(bearer, new RecordingResponse().proxy(), (request, reply) -> passed[0] = request);
            // A later filter's wrapper that hides the principal, as Spring Security's puts its Authentication there.
            HttpServletRequest hiding = new jakarta.servlet.http.HttpServletRequestWrapper((HttpServletRequest) passed[0]) {
                @Override
                public java.security.Principal getUserPrincipal() {
                    return () -> "someone else";
                }
            };
            AuthenticatedUser user = JwtAuthFilter.currentUser(hiding).orElseThrow();
            assertEquals("admin", user.getName());
            assertTrue(user.hasRole("Administrators"));
            assertEquals(java.util.Optional.empty(), JwtAuthFilter.currentUser(bearer), "the unwrapped request has no user");
            assertEquals(java.util.Optional.empty(), JwtAuthFilter.currentUser(new jakarta.servlet.http.HttpServletRequestWrapper(bearer)));
        } finally {
            filter.destroy();
        }
    }

    @Test
    void destroyWhenCalledTwiceThenTheSecondDoesNothing() throws Exception {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores()).build();
        filter.init(Fixtures.filterConfig(Map.of(), context));
        filter.destroy();
        filter.destroy();
        assertNull(filter.authService());
    }
}
