package io.jwtauth.sample;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample jar's Jetty hands the filter the token the client sent, byte for byte. Jetty's per-connection
 * header cache, on by default, matches values case-insensitively: with it, a token that differed from the one
 * sent before on the same connection only in letter case reached the filter as that earlier token. The
 * launcher turns the cache off (which also saves a bearer request about 4 µs: benchmarks README, section 2).
 */
class SampleHeaderCaseIT {
    @Test
    void tokenDifferingOnlyInCaseOnTheSameConnectionThenRefused(@TempDir Path work) throws Exception {
        try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), Map.of())) {
            sample.flow.assertTokenReachesTheFilterByteForByte();
        }
    }
}
