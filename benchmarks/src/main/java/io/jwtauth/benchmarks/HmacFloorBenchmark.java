package io.jwtauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The physical floor for HS256: one {@code Mac.doFinal} over a token's signing input with a Mac initialised
 * once per thread, plus the constant-time comparison any verifier must do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HmacFloorBenchmark {
    private Mac mac;
    private byte[] signingInput;
    private byte[] expected;

    @Setup
    public void setUp() throws Exception {
        Fixture fixture = new Fixture(io.jwtauth.core.keys.JwsAlgorithm.HS256);
        String token = fixture.token;
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(fixture.secretBytes(), "HmacSHA256"));
        fixture.close();
        signingInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        expected = mac.doFinal(signingInput);
    }

    @Benchmark
    public boolean rawMacDoFinal() {
        return MessageDigest.isEqual(mac.doFinal(signingInput), expected);
    }
}
