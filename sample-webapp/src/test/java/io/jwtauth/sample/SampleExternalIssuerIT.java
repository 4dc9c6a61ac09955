package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                Instant now = Instant.now();
                String admin = TestIdentityProvider.sign(idp.token(AUDIENCE, now).withClaim("preferred_username", "kc-admin")
                        .withClaim("realm_access", Map.of("roles", List.of("Administrators", "Registered Users"))), key);
                String user = TestIdentityProvider.sign(idp.token(AUDIENCE, now).withClaim("preferred_username", "kc-user")
                        .withClaim("realm_access", Map.of("roles", List.of("Registered Users"))), key);
                String otherAudience = TestIdentityProvider.sign(idp.token("another-api", now)
                        .withClaim("realm_access", Map.of("roles", List.of("Administrators"))), key);
                sample.flow.runExternalFlow("idp:kc-admin", admin, user, otherAudience);
                assertEquals(1, idp.jwksRequests(), "the keys were fetched once");
            }
        }
    }
}
