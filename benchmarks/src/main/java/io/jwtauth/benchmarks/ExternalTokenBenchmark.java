package io.jwtauth.benchmarks;

import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * An external identity provider's RS256 access token (Keycloak-shaped, realm roles), both sides fetching the
 * provider's keys from the same loopback JWKS URL and checking issuer, audience and time:
 * <ul>
 *   <li>{@code jwtauthExternalRepeated}: {@link AuthService#authenticate}, the token seen before;</li>
 *   <li>{@code jwtauthExternalFirstSeen}: the verified-token cache off, so every call parses, looks up the
 *       fetched key and checks the signature, then maps the name and roles;</li>
 *   <li>{@code springNimbusJwkSetUri}: Spring Security's {@code NimbusJwtDecoder.withJwkSetUri(...)}, with the
 *       issuer and audience validators (it has no token cache: every call is first-seen).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ExternalTokenBenchmark {
    private static final String AUDIENCE = "bench-api";

    private TestIdentityProvider idp;
    private AuthService cached;
    private AuthService uncached;
    private NimbusJwtDecoder nimbus;
    private String token;

    @Setup(Level.Trial)
    public void setUp() {
        idp = TestIdentityProvider.start();
        ProviderKey key = TestIdentityProvider.newKey("bench-rs256", JwsAlgorithm.RS256, true);
        idp.publish(key);
        // Valid for the whole run: an hour, as providers issue them.
        token = TestIdentityProvider.sign(idp.token(AUDIENCE, Instant.now()).withExpiresAt(Instant.now().plusSeconds(3600))
                .withClaim("preferred_username", "bench")
                .withClaim("realm_access", Map.of("roles", List.of("Registered Users", "offline_access"))), key);
        cached = service(Map.of());
        uncached = service(Map.of("jwtauth.cache.tokens", "0"));
        nimbus = NimbusJwtDecoder.withJwkSetUri(idp.jwksUrl()).build();
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(idp.issuer()),
                new JwtClaimValidator<Collection<String>>("aud", aud -> aud != null && aud.contains(AUDIENCE))));
        // Every path must accept the token before it is timed.
        if (!"bench".equals(cached.authenticate(token).getName()) || !uncached.authenticate(token).hasRole("offline_access")
                || nimbus.decode(token) == null) {
            throw new IllegalStateException("a verifier refused the benchmark token");
        }
    }

    private AuthService service(Map<String, String> extra) {
        Map<String, String> raw = new HashMap<>(Map.of("jwtauth.issuer", Fixture.ISSUER, "jwtauth.key.secret",
                "an-unused-own-secret-of-32-bytes-or-more!", "jwtauth.external.idp.issuer", idp.issuer(),
                "jwtauth.external.idp.jwks-url", idp.jwksUrl(), "jwtauth.external.idp.audience", AUDIENCE,
                "jwtauth.external.idp.roles-claim", "realm_access.roles"));
        raw.putAll(extra);
        return JwtAuth.builder().settings(raw).provider(new InMemoryStores(new InMemoryIdentityStore(1000))).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        uncached.close();
        idp.close();
    }

    @Benchmark
    public AuthenticatedUser jwtauthExternalRepeated() {
        return cached.authenticate(token);
    }

    @Benchmark
    public AuthenticatedUser jwtauthExternalFirstSeen() {
        return uncached.authenticate(token);
    }

    @Benchmark
    public Jwt springNimbusJwkSetUri() {
        return nimbus.decode(token);
    }
}
