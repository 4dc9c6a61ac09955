package io.jwtauth.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the verified-token cache's key costs (#30): the token arrives as a new string on every request, so any key is
 * computed over all of it. Beside the current key (the SHA-256 of its UTF-8 bytes, split into encoding and hashing),
 * the cheapest things a key could be: the string itself (its hash code, computed anew for each new string, then an
 * equality check over every character) and SHA-1 (not collision-resistant: shown for scale only). Tokens of 300 and
 * 745 characters (an HS256 token of jwtauth's own; a Keycloak RS256 token).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CacheKeyBenchmark {
    @Param({"300", "745"})
    public int length;

    private String token;
    private String cachedCopy;
    private byte[] bytes;
    private MessageDigest sha256;
    private MessageDigest sha1;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(i % 97 == 0 ? '.' : (char) ('A' + (i * 7) % 26));
        }
        token = text.toString();
        cachedCopy = new String(token.toCharArray());
        bytes = token.getBytes(StandardCharsets.UTF_8);
        sha256 = MessageDigest.getInstance("SHA-256");
        sha1 = MessageDigest.getInstance("SHA-1");
    }

    @Benchmark
    public byte[] encodeUtf8() {
        return token.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] sha256OfBytes() {
        return sha256.digest(bytes);
    }

    @Benchmark
    public byte[] sha256OfToken() {
        return sha256.digest(token.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public byte[] sha1OfToken() {
        return sha1.digest(token.getBytes(StandardCharsets.UTF_8));
    }

    /** A string key: the request's new string hashes all its characters, then equals compares them all. */
    @Benchmark
    public boolean stringKey() {
        String fresh = new String(bytes, StandardCharsets.ISO_8859_1);
        return fresh.hashCode() != 0 && fresh.equals(cachedCopy);
    }
}
