package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.flow.AuthEvent;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up validation, the properties file, and audit events. */
class ConfigurationIT {
    private static FilterConfig config(Map<String, String> parameters) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "jwtauth";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    private static String initError(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Fixtures.settings());
        settings.putAll(overrides);
        settings.values().removeIf(String::isEmpty);
        JwtAuthFilter filter = JwtAuthFilter.builder().provider(Fixtures.stores()).build();
        ServletException error = assertThrows(ServletException.class, () -> filter.init(config(settings)));
        return error.getMessage();
    }

    @Test
    void initWhenSettingIsBadThenServletExceptionNamesTheKey() {
        assertTrue(initError(Map.of("jwtauth.key.secret", "too-short")).contains("jwtauth.key.secret"));
        assertTrue(initError(Map.of("jwtauth.key.secret", "")).contains("jwtauth.key.secret: is required"));
        assertTrue(initError(Map.of("jwtauth.acces.ttl", "5m")).contains("jwtauth.acces.ttl: unknown configuration key"));
        assertTrue(initError(Map.of("jwtauth.access.ttl", "forever")).contains("jwtauth.access.ttl: must be a duration"));
        assertTrue(initError(Map.of("jwtauth.key.alg", "none")).contains("jwtauth.key.alg"));
        assertTrue(initError(Map.of("jwtauth.key.alg", "RS256")).contains("jwtauth.key.file"));
        assertTrue(initError(Map.of("jwtauth.paths.roles", "/admin/*")).contains("jwtauth.paths.roles"));
        assertTrue(initError(Map.of("jwtauth.endpoints.base", "auth/")).contains("jwtauth.endpoints.base"));
        assertTrue(initError(Map.of("jwtauth.key.secret", "${env:JWTAUTH_TEST_SURELY_UNSET}")).contains("JWTAUTH_TEST_SURELY_UNSET is not set"));
        assertTrue(initError(Map.of("jwtauth.listeners", "java.lang.String")).contains("jwtauth.listeners"));
        String masked = initError(Map.of("jwtauth.key.secret", "short-secret-value"));
        assertFalse(masked.contains("short-secret-value"), masked);
    }

    @Test
    void initWhenProviderNotOnClassPathThenNamesProviderKey() {
        JwtAuthFilter filter = new JwtAuthFilter();
        Map<String, String> settings = new HashMap<>(Fixtures.settings());
        settings.put("jwtauth.provider", "ldap");
        ServletException error = assertThrows(ServletException.class, () -> filter.init(config(settings)));
        assertTrue(error.getMessage().contains("jwtauth.provider: no provider named 'ldap'"), error.getMessage());
    }

    @Test
    void initWhenConfigFileThenItsKeysApplyAndInitParametersWin(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("jwtauth.properties");
        Files.writeString(file, "jwtauth.key.secret=" + Fixtures.SECRET + "\njwtauth.issuer=from-file\njwtauth.realm=file-realm\n");
        Map<String, String> parameters = Map.of("jwtauth.config-file", file.toString(), "jwtauth.realm", "param-realm");
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(parameters).provider(Fixtures.stores()).build())) {
            assertEquals("Bearer realm=\"param-realm\"", server.get("/api/me", null).header("WWW-Authenticate"));
            assertEquals("from-file", server.filter().authService().settings().issuer());
        }
        assertTrue(initError(Map.of("jwtauth.config-file", directory.resolve("missing.properties").toString())).contains("jwtauth.config-file"));
    }

    @Test
    void eventsWhenLoginRenewLogoutAndFailuresThenListenerHearsThemWithoutSecrets() throws Exception {
        List<AuthEvent> events = new CopyOnWriteArrayList<>();
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(Fixtures.settings()).provider(Fixtures.stores())
                .listener(events::add).build())) {
            server.login("demo", "wrong");
            var tokens = server.login("demo", "demo-password-1").json();
            var renewed = server.post("/auth/extendtoken", tokens.get("accessToken").asText(),
                    "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}").json();
            String reuse = "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}";
            // At once: possibly a request that was in flight with the winner (refused, session kept).
            server.post("/auth/extendtoken", tokens.get("accessToken").asText(), reuse);
            Thread.sleep(AuthService.RACE_WINDOW.toMillis() + 200);
            // Later: a replay, which ends the session; so the logout that follows is refused.
            server.post("/auth/extendtoken", tokens.get("accessToken").asText(), reuse);
            server.post("/auth/logout", renewed.get("accessToken").asText(), "");
        }
        List<AuthEvent.Type> types = events.stream().map(AuthEvent::type).toList();
        assertEquals(List.of(AuthEvent.Type.LOGIN_FAILED, AuthEvent.Type.LOGIN_SUCCEEDED, AuthEvent.Type.RENEWED,
                AuthEvent.Type.RENEWAL_REFUSED, AuthEvent.Type.REPLAY_DETECTED, AuthEvent.Type.LOGOUT_REFUSED), types);
        assertFalse(events.toString().contains("demo-password-1"));
        assertEquals("127.0.0.1", events.get(0).clientAddress());
    }
}
