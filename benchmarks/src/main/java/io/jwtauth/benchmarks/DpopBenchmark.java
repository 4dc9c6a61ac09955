package io.jwtauth.benchmarks;

import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.DpopRequest;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.Requirement;
import io.jwtauth.core.flow.SessionOptions;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.ProofKeys;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.DpopProofs;
import io.jwtauth.core.tokens.DpopVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a DPoP proof costs (#33). Every proof is new, so its signature is checked every time; the question is what the
 * rest of the check adds to that. Per proof algorithm, over the same {@value #PROOFS} distinct proofs per invocation:
 * <ul>
 *   <li>{@code bareSignature}: the JCA verification of each proof's signature alone, with its public key at hand and
 *       one {@link Signature} object reused; {@code bareSignatureNewInstance} the same with a new one per proof;</li>
 *   <li>{@code proofCheck}: {@link DpopVerifier#verify}: parsing, reading the {@code jwk} (the same import checks as a
 *       configured key), the thumbprint, the signature, the claims, {@code ath} and the replay memory;</li>
 *   <li>{@code dpopRequest}: the whole per-request decision ({@link AuthService#admit}) for a DPoP-bound token with a
 *       fresh proof;</li>
 *   <li>{@code bearerRequest}: the same decision for a bearer token (the token seen before).</li>
 * </ul>
 * The proofs are signed once, outside the timed part; each invocation gets empty replay memories, so the same proofs
 * pass again.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DpopBenchmark {
    static final int PROOFS = 256;
    private static final String URL = "https://bench.example/api/orders";

    @Param({"ES256", "PS256", "RS256", "EdDSA"})
    public String algorithm;

    private DpopProofs client;
    private PublicKey publicKey;
    private AuthService auth;
    private String boundToken;
    private String bearerToken;
    private final String[] proofs = new String[PROOFS];
    private final byte[][] signingInputs = new byte[PROOFS][];
    private final byte[][] signatures = new byte[PROOFS][];
    private DpopVerifier verifier;
    private InMemoryStores stores;
    /** The service the request benchmarks ask, new for each invocation (an empty proof replay memory). */
    private AuthService requestService;
    private Signature jca;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        JwsAlgorithm alg = JwsAlgorithm.valueOf(algorithm);
        client = new DpopProofs(alg);
        publicKey = ProofKeys.publicKey(client.jwk(), alg).publicKey();
        jca = switch (alg) {
            case ES256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
            case PS256 -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            case RS256 -> Signature.getInstance("SHA256withRSA");
            default -> Signature.getInstance("Ed25519");
        };
        stores = new InMemoryStores(new InMemoryIdentityStore(1000).addUser("1", "bench", "Bench", "bench-password-1".toCharArray(),
                Set.of("Registered Users")), new io.jwtauth.core.memory.InMemorySessionStore(Clock.systemUTC(), 100));
        auth = service();
        boundToken = auth.login("bench", "bench-password-1".toCharArray(), ClientInfo.local(),
                new SessionOptions(false, new DpopRequest(client.proof("POST", "https://bench.example/auth/login", Instant.now(), null),
                        "POST", "https://bench.example/auth/login"))).accessToken();
        bearerToken = auth.login("bench", "bench-password-1".toCharArray(), ClientInfo.local()).accessToken();
        if (!auth.admit(Credential.token(bearerToken), Requirement.TOKEN).isAuthenticated()) {
            throw new IllegalStateException("the bearer token is refused");
        }
        // Signed once (an RSA signature takes a millisecond or more); the replay memory is new for each invocation.
        Instant now = Instant.now();
        for (int i = 0; i < PROOFS; i++) {
            proofs[i] = client.proof("GET", URL, now, boundToken);
            int lastDot = proofs[i].lastIndexOf('.');
            signingInputs[i] = proofs[i].substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
            signatures[i] = Base64.getUrlDecoder().decode(proofs[i].substring(lastDot + 1));
        }
    }

    /** A service on the same stores (the same sessions, a new proof replay memory), polled by hand: no threads. */
    private AuthService service() {
        return JwtAuth.builder().settings(Map.of("jwtauth.key.secret", "benchmark-secret-0123456789abcdef", "jwtauth.issuer", "bench",
                        "jwtauth.dpop.max-age", "10m"))
                .provider(stores).pollManually(new ManualPolling()).build();
    }

    /** Empty replay memories for this invocation: the same proofs may be checked again. */
    @Setup(Level.Invocation)
    public void freshReplayMemory() {
        verifier = new DpopVerifier(Duration.ofMinutes(10), Duration.ofSeconds(30), Clock.systemUTC(), 500_000);
        if (requestService != null) {
            requestService.close();
        }
        requestService = service();
        // Warm this service's token and session caches, as a running node's are.
        requestService.admit(Credential.token(bearerToken), Requirement.TOKEN);
    }

    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public int bareSignature() throws GeneralSecurityException {
        int verified = 0;
        for (int i = 0; i < PROOFS; i++) {
            jca.initVerify(publicKey);
            jca.update(signingInputs[i]);
            if (jca.verify(signatures[i])) {
                verified++;
            }
        }
        if (verified != PROOFS) {
            throw new IllegalStateException("a signature did not verify");
        }
        return verified;
    }

    /**
     * The same, as a thread-safe verifier without a pool must do it: a new {@link Signature} for each proof (java-jwt,
     * which jwtauth verifies with, does this too).
     */
    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public int bareSignatureNewInstance() throws GeneralSecurityException {
        int verified = 0;
        for (int i = 0; i < PROOFS; i++) {
            Signature signature = Signature.getInstance(jca.getAlgorithm());
            if ("RSASSA-PSS".equals(jca.getAlgorithm())) {
                signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            signature.initVerify(publicKey);
            signature.update(signingInputs[i]);
            if (signature.verify(signatures[i])) {
                verified++;
            }
        }
        if (verified != PROOFS) {
            throw new IllegalStateException("a signature did not verify");
        }
        return verified;
    }

    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public int proofCheck() {
        int length = 0;
        for (int i = 0; i < PROOFS; i++) {
            length += verifier.verify(proofs[i], "GET", URL, boundToken, true).thumbprint().length();
        }
        return length;
    }

    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public int dpopRequest() {
        int admitted = 0;
        for (int i = 0; i < PROOFS; i++) {
            Admission admission = requestService.admit(Credential.dpop(boundToken, new DpopRequest(proofs[i], "GET", URL)),
                    Requirement.TOKEN);
            if (!admission.isAuthenticated()) {
                throw new IllegalStateException("refused: " + admission.refusal());
            }
            admitted++;
        }
        return admitted;
    }

    @Benchmark
    @OperationsPerInvocation(PROOFS)
    public int bearerRequest() {
        int admitted = 0;
        for (int i = 0; i < PROOFS; i++) {
            if (requestService.admit(Credential.token(bearerToken), Requirement.TOKEN).isAuthenticated()) {
                admitted++;
            }
        }
        return admitted;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        auth.close();
        if (requestService != null) {
            requestService.close();
        }
    }
}
