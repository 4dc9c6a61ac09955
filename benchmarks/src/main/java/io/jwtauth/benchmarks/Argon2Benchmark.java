package io.jwtauth.benchmarks;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
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
 * One argon2id verification at jwtauth's default parameters (19 MiB, t=2, p=1, 16-byte salt, 32-byte hash) in
 * each library: password4j (what {@link PasswordHashing} uses today), Bouncy Castle's pure-Java generator, and
 * argon2-jvm over JNA with its bundled libargon2. Every variant checks the same PHC-format hash made by password4j,
 * so the figure is also a proof that each reads existing hashes. Run with {@code -t 1} for latency and {@code -t 2}
 * for the throughput of a 2-core node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Argon2Benchmark {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
    private static final int MEMORY_KIB = PasswordHashing.DEFAULT_MEMORY_KIB;
    private static final int ITERATIONS = PasswordHashing.DEFAULT_ITERATIONS;

    private String phcHash;
    private byte[] salt;
    private byte[] expected;
    private Argon2Function password4j;
    private Argon2Advanced nativeArgon2;

    @Setup
    public void setUp() {
        password4j = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, 1, 32, Argon2.ID);
        phcHash = PasswordHashing.defaults().hash(PASSWORD);
        // $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>, both unpadded base64
        String[] fields = phcHash.split("\\$");
        salt = java.util.Base64.getDecoder().decode(fields[4]);
        expected = java.util.Base64.getDecoder().decode(fields[5]);
        nativeArgon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
        if (!password4j() || !bouncyCastle() || !argon2Jvm()) {
            throw new IllegalStateException("a library did not verify password4j's hash");
        }
    }

    @Benchmark
    public boolean password4j() {
        return password4j.check(java.nio.CharBuffer.wrap(PASSWORD), phcHash);
    }

    @Benchmark
    public boolean bouncyCastle() {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(MEMORY_KIB).withIterations(ITERATIONS).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        generator.generateBytes(new String(PASSWORD).getBytes(StandardCharsets.UTF_8), out);
        return java.security.MessageDigest.isEqual(out, expected);
    }

    @Benchmark
    public boolean argon2Jvm() {
        return nativeArgon2.verify(phcHash, PASSWORD, StandardCharsets.UTF_8);
    }
}
