package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthEvent;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Start-up validation, the properties file, and audit events. */
class ConfigurationIT {
    private static FilterConfig config(Map<String, String> parameters) {
        return Fixtures.filterConfig(parameters, null);
    }

    private static ServletException initError(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Fixtures.settings());
        settings.putAll(overrides);
        settings.values().removeIf(String::isEmpty);
        JwtAuthFilter filter = JwtAuthFilter.builder().provider(Fixtures.stores()).build();
        return assertThrows(ServletException.class, () -> filter.init(config(settings)));
    }

    /**
     * One bad setting each: the key set, the value, the key the error must blame (not always the one set: an
     * RS256 algorithm without a key file blames the file), and what the message must say is accepted.
     */
    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("jwtauth.key.secret", "short-secret-value", "jwtauth.key.secret", "needs a secret of at least 32 bytes"),
                Arguments.of("jwtauth.key.secret", "", "jwtauth.key.secret", "is required"),
                Arguments.of("jwtauth.key.secret", "${env:JWTAUTH_TEST_SURELY_UNSET}", "jwtauth.key.secret", "JWTAUTH_TEST_SURELY_UNSET is not set"),
                Arguments.of("jwtauth.acces.ttl", "5m", "jwtauth.acces.ttl", "unknown configuration key"),
                Arguments.of("jwtauth.access.ttl", "forever", "jwtauth.access.ttl", "must be a duration"),
                Arguments.of("jwtauth.renewal.ttl", "1m", "jwtauth.renewal.ttl", "must not be shorter than jwtauth.access.ttl"),
                Arguments.of("jwtauth.key.alg", "none", "jwtauth.key.alg", "must be one of"),
                Arguments.of("jwtauth.key.alg", "RS256", "jwtauth.key.file", "a PEM or JWK file with the RS256 private key"),
                Arguments.of("jwtauth.paths.roles", "/admin/*", "jwtauth.paths.roles", "must look like /admin/*=Administrators|Auditors"),
                Arguments.of("jwtauth.paths.public", "/a*", "jwtauth.paths.public", "/a*"),
                Arguments.of("jwtauth.paths.protected", "**", "jwtauth.paths.protected", "**"),
                Arguments.of("jwtauth.endpoints.base", "auth/", "jwtauth.endpoints.base", "must be a path like /auth"),
                Arguments.of("jwtauth.realm", "a\"b", "jwtauth.realm", "printable ASCII characters without quotes"),
                Arguments.of("jwtauth.max-body-size", "10", "jwtauth.max-body-size", "256"),
                Arguments.of("jwtauth.token.sources", "header,smoke", "jwtauth.token.sources", "must list some of header, query, cookie, form"),
                Arguments.of("jwtauth.proxy.addresses", "10.0.0.0/33", "jwtauth.proxy.addresses", "IP addresses or CIDR blocks"),
                Arguments.of("jwtauth.proxy.header", "x-real-ip", "jwtauth.proxy.header", "must be x-forwarded"),
                Arguments.of("jwtauth.listeners", "java.lang.String", "jwtauth.listeners", "implementing AuthEventListener"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void initWhenSettingIsBadThenTheKeyIsNamedWithWhatIsAccepted(String key, String value, String blamed, String accepted) {
        ServletException error = initError(Map.of(key, value));
        ConfigException cause = assertInstanceOf(ConfigException.class, error.getCause());
        assertEquals(blamed, cause.key());
        assertTrue(error.getMessage().startsWith("jwtauth: invalid configuration: " + blamed + ": "), error.getMessage());
        assertTrue(error.getMessage().contains(accepted), error.getMessage());
        if (Settings.isSecret(key) && !value.isEmpty()) {
            // A secret is never repeated, not even a wrong one.
            assertFalse(error.getMessage().contains(value), error.getMessage());
        }
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
        assertTrue(initError(Map.of("jwtauth.config-file", directory.resolve("missing.properties").toString())).getMessage()
                .contains("jwtauth.config-file: cannot read"));
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
