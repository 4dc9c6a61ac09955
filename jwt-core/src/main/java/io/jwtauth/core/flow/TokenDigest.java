package io.jwtauth.core.flow;

import io.jwtauth.core.internal.Secrets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * SHA-256 of a token's UTF-8 bytes: the verified-token cache's key. It takes 48 bytes of heap where the token
 * string took about 400, and it costs about what the string key cost: a token arrives as a new string on every
 * request, so its {@code hashCode} was computed over every character each time too. Equality compares all 256
 * bits, so a token hits the cache only if it is, but for a SHA-256 collision, the very token that was verified.
 */
record TokenDigest(long a, long b, long c, long d) {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static TokenDigest of(String token) {
        byte[] hash = Secrets.sha256Bytes(token);
        return new TokenDigest((long) LONGS.get(hash, 0), (long) LONGS.get(hash, 8), (long) LONGS.get(hash, 16),
                (long) LONGS.get(hash, 24));
    }

    @Override
    public int hashCode() {
        // The digest is uniformly distributed already: any 32 of its bits make a good hash code.
        return (int) a;
    }

    @Override
    public String toString() {
        return "TokenDigest[…]";
    }
}
