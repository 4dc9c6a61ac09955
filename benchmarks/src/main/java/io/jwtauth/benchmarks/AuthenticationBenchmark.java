package io.jwtauth.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.keys.JwsAlgorithm;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The whole per-request authentication step ({@link AuthService#authenticate}: verification, session check,
 * principal) against the anchors, for one token:
 * <ul>
 *   <li>{@code jwtauthRepeated}: the token was seen before (the normal case: a client sends the same token
 *       for up to an hour);</li>
 *   <li>{@code jwtauthFirstSeen}: the verified-token cache is off, so every call parses and checks the
 *       signature (the cost of a token's first request);</li>
 *   <li>{@code javaJwtVerify}: auth0 java-jwt's {@code JWTVerifier.verify}, built once (the floor for a
 *       first-seen token);</li>
 *   <li>{@code springNimbusDecode}: Spring Security's {@code NimbusJwtDecoder.decode} (what users pick
 *       instead).</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AuthenticationBenchmark {
    @Param({"HS256", "RS256", "ES256"})
    public String algorithm;

    private Fixture fixture;
    private AuthService cached;
    private AuthService uncached;
    private JWTVerifier javaJwt;
    private NimbusJwtDecoder nimbus;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JwsAlgorithm alg = JwsAlgorithm.valueOf(algorithm);
        fixture = new Fixture(alg);
        token = fixture.token;
        cached = fixture.service(Map.of());
        uncached = fixture.service(Map.of("jwtauth.cache.tokens", "0"));
        // java-jwt's own verifier on the same key: the library doing everything (jwtauth uses it only for signatures).
        com.auth0.jwt.algorithms.Algorithm javaJwtAlgorithm = switch (alg) {
            case HS256 -> com.auth0.jwt.algorithms.Algorithm.HMAC256(fixture.secretBytes());
            case RS256 -> com.auth0.jwt.algorithms.Algorithm.RSA256((RSAPublicKey) fixture.key.publicKey(), null);
            default -> com.auth0.jwt.algorithms.Algorithm.ECDSA256((ECPublicKey) fixture.key.publicKey(), null);
        };
        javaJwt = JWT.require(javaJwtAlgorithm).withIssuer(Fixture.ISSUER).build();
        // jwtauth writes typ at+jwt (RFC 9068); Nimbus takes only JWT unless told.
        DefaultJOSEObjectTypeVerifier<SecurityContext> accessTokenTypes =
                new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"), JOSEObjectType.JWT, null);
        nimbus = switch (alg) {
            case HS256 -> NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret(), "HmacSHA256")).macAlgorithm(MacAlgorithm.HS256)
                    .jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(accessTokenTypes)).build();
            case RS256 -> NimbusJwtDecoder.withPublicKey((RSAPublicKey) fixture.key.publicKey())
                    .jwtProcessorCustomizer(processor -> processor.setJWSTypeVerifier(accessTokenTypes)).build();
            default -> {
                DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
                processor.setJWSTypeVerifier(accessTokenTypes);
                ECKey jwk = new ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256, (ECPublicKey) fixture.key.publicKey()).build();
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(new JWKSet(jwk))));
                yield new NimbusJwtDecoder(processor);
            }
        };
        // Every path must accept the token before it is timed.
        if (!"bench".equals(cached.authenticate(token).getName()) || uncached.authenticate(token) == null
                || javaJwt.verify(token) == null || nimbus.decode(token) == null) {
            throw new IllegalStateException("a verifier refused the benchmark token");
        }
    }

    private byte[] secret() throws Exception {
        return fixture.secretBytes();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        uncached.close();
        fixture.close();
    }

    @Benchmark
    public AuthenticatedUser jwtauthRepeated() {
        return cached.authenticate(token);
    }

    @Benchmark
    public AuthenticatedUser jwtauthFirstSeen() {
        return uncached.authenticate(token);
    }

    @Benchmark
    public Object javaJwtVerify() {
        return javaJwt.verify(token);
    }

    @Benchmark
    public Jwt springNimbusDecode() {
        return nimbus.decode(token);
    }
}
