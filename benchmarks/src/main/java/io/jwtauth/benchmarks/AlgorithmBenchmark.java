package io.jwtauth.benchmarks;

import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.keys.JwsAlgorithm;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/**
 * The asymmetric algorithms side by side, in one run: EdDSA (Ed25519, which java-jwt and Spring's decoder do
 * not offer, so there is no anchor for it), ES256 and RS256. For each, a first-seen token (verified-token cache
 * off: the signature is checked on every call) and a repeated one, through {@link AuthService#authenticate}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AlgorithmBenchmark {
    @Param({"EdDSA", "ES256", "RS256"})
    public String algorithm;

    private Fixture fixture;
    private AuthService cached;
    private AuthService uncached;
    private String token;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new Fixture(JwsAlgorithm.valueOf(algorithm));
        token = fixture.token;
        cached = fixture.service(Map.of());
        uncached = fixture.service(Map.of("jwtauth.cache.tokens", "0"));
        if (!cached.authenticate(token).userId().equals(uncached.authenticate(token).userId())) {
            throw new IllegalStateException("the services disagree on the benchmark token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        uncached.close();
        fixture.close();
    }

    @Benchmark
    public AuthenticatedUser firstSeen() {
        return uncached.authenticate(token);
    }

    @Benchmark
    public AuthenticatedUser repeated() {
        return cached.authenticate(token);
    }
}
