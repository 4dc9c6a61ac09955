package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import io.jwtauth.sample.SampleFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample's WARs, unchanged, in standalone Tomcats unpacked from the distribution archives: the class
 * loading (JDBC drivers in {@code WEB-INF/lib}) and the {@code ${…}} substitution in {@code web.xml} that
 * embedded containers hide.
 */
class StandaloneTomcatIT {
    private static final Path SAMPLE_TARGET = Path.of(System.getProperty("sample.target", "../sample-webapp/target"));

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of(System.getProperty("tomcat11.dist.version"), "sample-webapp.war"),
                Arguments.of(System.getProperty("tomcat10.dist.version"), "sample-webapp.war"),
                Arguments.of(System.getProperty("tomcat9.dist.version"), "sample-webapp-javax.war"));
    }

    /** The secret comes from the environment, as the README tells operators; the tokens must be signed with it. */
    @ParameterizedTest(name = "Tomcat {0} with {1}")
    @MethodSource("containers")
    void sampleWarWhenSecretInEnvironmentThenWholeFlowWorksWithThatSecret(String version, String warName, @TempDir Path base)
            throws Exception {
        String secret = HexFormat.of().formatHex(randomBytes(32));
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war(warName), base.resolve("tomcat"),
                Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString(), "JWTAUTH_SECRET", secret))) {
            SampleFlow flow = tomcat.awaitUp();
            flow.runWholeFlow();
            flow.runContainerFlow();
            JsonNode tokens = flow.login("demo", "demo-password-1");
            // Signed with JWTAUTH_SECRET, not with a default the container substituted into web.xml.
            JWT.require(Algorithm.HMAC256(secret)).withIssuer("jwtauth-sample").build().verify(tokens.get("accessToken").asText());
        }
    }

    /**
     * An external identity provider configured by DESIGN's variables: its tokens pass the filter and the
     * container's own authentication (Jakarta Authentication on 10.1 and 11, JASPIC on 9) with the mapped roles.
     */
    @ParameterizedTest(name = "Tomcat {0} with {1}")
    @MethodSource("containers")
    void externalIssuerConfiguredThenItsTokensPassFilterAndContainer(String version, String warName, @TempDir Path base)
            throws Exception {
        try (TestIdentityProvider idp = TestIdentityProvider.start()) {
            ProviderKey key = TestIdentityProvider.newKey("kc-1", JwsAlgorithm.RS256, true);
            idp.publish(key);
            Map<String, String> env = Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString(),
                    "JWTAUTH_EXTERNAL_ISSUER", idp.issuer(), "JWTAUTH_EXTERNAL_AUDIENCE", "orders-api",
                    "JWTAUTH_EXTERNAL_ROLES_CLAIM", "realm_access.roles");
            try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war(warName), base.resolve("tomcat"), env)) {
                SampleFlow flow = tomcat.awaitUp();
                Instant now = Instant.now();
                String admin = TestIdentityProvider.sign(idp.token("orders-api", now).withClaim("preferred_username", "carol")
                        .withClaim("realm_access", Map.of("roles", List.of("Administrators"))), key);
                String user = TestIdentityProvider.sign(idp.token("orders-api", now).withClaim("preferred_username", "dave"), key);
                String otherAudience = TestIdentityProvider.sign(idp.token("another-api", now), key);
                flow.runExternalFlow("idp:carol", admin, user, otherAudience);
                assertEquals(1, idp.discoveryRequests(), "the keys were found through discovery, once");
            }
        }
    }

    /** Without JWTAUTH_SECRET the sample falls back to the secret it generates in the data directory. */
    @Test
    void sampleWarWhenNoSecretGivenThenGeneratedSecretIsUsed(@TempDir Path base) throws Exception {
        String version = System.getProperty("tomcat11.dist.version");
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war("sample-webapp.war"), base.resolve("tomcat"),
                Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString()))) {
            SampleFlow flow = tomcat.awaitUp();
            JsonNode tokens = flow.login("demo", "demo-password-1");
            String generated = Files.readString(base.resolve("data/jwtauth-secret.txt")).strip();
            JWT.require(Algorithm.HMAC256(generated)).build().verify(tokens.get("accessToken").asText());
        }
    }

    static Path war(String name) {
        Path war = SAMPLE_TARGET.resolve(name).toAbsolutePath();
        assertTrue(Files.exists(war), "package the sample first: " + war);
        return war;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
