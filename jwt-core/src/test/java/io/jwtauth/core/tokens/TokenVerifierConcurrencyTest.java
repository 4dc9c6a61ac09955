package io.jwtauth.core.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.SigningInput;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The verifier's thread-safety claim: one instance shared by many threads gives every thread the answer it would
 * get alone, for tokens of several keys, tokens whose header our issuer does not write, and forgeries.
 */
class TokenVerifierConcurrencyTest {
    private final KeyMaterial current = Keys.generate(JwsAlgorithm.ES256, "current");
    private final KeyMaterial previous = Keys.generate(JwsAlgorithm.ES256, "previous");
    private final KeyMaterial stranger = Keys.generate(JwsAlgorithm.ES256, "current");
    private final TokenVerifier verifier = TokenVerifier.builder(KeyRing.of(current, List.of(previous))).issuer("iss").build();

    private static String token(KeyMaterial key, String subject) {
        Instant now = Instant.now();
        return new TokenIssuer(key, "iss", null).issue(subject, subject, "sid-" + subject, List.of("R"), now, now.plus(Duration.ofMinutes(5))).token();
    }

    /** The same claims under a header our issuer never writes (members in another order), signed anew. */
    private static String reorderedHeader(String token, KeyMaterial key) {
        String[] parts = token.split("\\.");
        String header = Base64Url.encode("{\"kid\":\"current\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        byte[] signature = key.sign(new SigningInput(header.getBytes(StandardCharsets.US_ASCII), parts[1].getBytes(StandardCharsets.US_ASCII)));
        return header + "." + parts[1] + "." + Base64Url.encode(signature);
    }

    @Test
    void verifyWhenSharedBySixteenThreadsThenEveryAnswerAsAlone() throws Exception {
        String byCurrent = token(current, "a");
        String byPrevious = token(previous, "b");
        String forged = token(stranger, "c");
        String otherHeader = reorderedHeader(byCurrent, current);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                workers.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < 200; i++) {
                        assertEquals("a", verifier.verify(byCurrent).subject());
                        assertEquals("b", verifier.verify(byPrevious).subject());
                        AuthException refused = assertThrows(AuthException.class, () -> verifier.verify(forged));
                        assertEquals(AuthError.BAD_JWT, refused.error());
                        // Not our header layout: parsed and checked on every call, and valid.
                        assertEquals("a", verifier.verify(otherHeader).subject());
                        checked += 4;
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> worker : workers) {
                total += worker.get();
            }
            assertEquals(16 * 200 * 4, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
