package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample jar configured by DESIGN's {@code JWTAUTH_EXTERNAL_*} variables, against a loopback identity
 * provider: its tokens reach the servlets through the filter and through the container's constraints, with the
 * mapped name and roles and no session, while the sample's own login keeps working.
 */
class SampleExternalIssuerIT {
    private static final String AUDIENCE = "sample-api";

    @Test
    void externalIssuerConfiguredThenItsTokensAuthenticateWithoutSession(@TempDir Path work) throws Exception {
        try (TestIdentityProvider idp = TestIdentityProvider.start()) {
            ProviderKey key = TestIdentityProvider.newKey("kc-1", JwsAlgorithm.RS256, true);
            idp.publish(key);
            Map<String, String> env = Map.of("JWTAUTH_EXTERNAL_ISSUER", idp.issuer(), "JWTAUTH_EXTERNAL_JWKS_URL", idp.jwksUrl(),
                    "JWTAUTH_EXTERNAL_AUDIENCE", AUDIENCE, "JWTAUTH_EXTERNAL_ROLES_CLAIM", "realm_access.roles");
            try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), env)) {
                SampleFlow flow = sample.flow;
                Instant now = Instant.now();
                String admin = TestIdentityProvider.sign(idp.token(AUDIENCE, now).withClaim("preferred_username", "kc-admin")
                        .withClaim("realm_access", Map.of("roles", List.of("Administrators", "Registered Users"))), key);
                String user = TestIdentityProvider.sign(idp.token(AUDIENCE, now).withClaim("preferred_username", "kc-user")
                        .withClaim("realm_access", Map.of("roles", List.of("Registered Users"))), key);

                SampleFlow.Reply me = flow.call("GET", "/api/me", admin, null);
                assertEquals(200, me.status(), String.valueOf(me.body()));
                assertEquals("kc-admin", me.body().get("name").asText());
                assertTrue(me.body().get("sid").isNull(), "no jwtauth session: " + me.body());
                assertEquals("[\"Administrators\",\"Registered Users\"]", me.body().get("roles").toString());
                assertEquals(200, flow.call("GET", "/api/admin/stats", admin, null).status(), "the path rule sees the mapped role");
                assertEquals(403, flow.call("GET", "/api/admin/stats", user, null).status());
                assertEquals(200, flow.call("GET", "/api/container/admin", admin, null).status(),
                        "the container's <security-constraint> sees it too");
                assertEquals(403, flow.call("GET", "/api/container/admin", user, null).status());

                assertError(flow.call("POST", "/auth/extendtoken", admin, "{\"rtoken\":\"anything\"}"), "bad-token");
                assertError(flow.call("POST", "/auth/logout", admin, null), "bad-token");
                assertEquals(200, flow.call("GET", "/api/me", admin, null).status(), "still valid until exp");
                assertError(flow.call("GET", "/api/me", TestIdentityProvider.sign(idp.token("another-api", now)
                        .withClaim("realm_access", Map.of("roles", List.of("Administrators"))), key), null), "bad-jwt");

                JsonNode demo = flow.login("demo", "demo-password-1");
                flow.assertMe(demo, "demo");
                assertEquals(1, idp.jwksRequests(), "the keys were fetched once");
            }
        }
    }

    private static void assertError(SampleFlow.Reply reply, String code) {
        assertEquals(401, reply.status(), String.valueOf(reply.body()));
        assertEquals(code, reply.body().path("error").asText(null), String.valueOf(reply.body()));
    }
}
