package io.jwtauth.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Random identifiers and secrets, their hashes, and constant-time comparison. Thread-safe. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One digest per thread: {@code MessageDigest} is not thread-safe, and getting one per call costs more than the hash. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private Secrets() {
    }

    /** {@code bytes} random bytes from {@link SecureRandom}, base64url encoded. */
    public static String randomToken(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return Base64Url.encode(buffer);
    }

    public static byte[] randomBytes(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return buffer;
    }

    /**
     * SHA-256 of a high-entropy secret, base64url encoded. A fast hash is right here: renewal tokens carry
     * 256 random bits, so there is nothing for a slow hash to protect against guessing.
     */
    public static String sha256(String secret) {
        return Base64Url.encode(sha256Bytes(secret));
    }

    /** SHA-256 of {@code value}'s UTF-8 bytes: the one place jwtauth hashes with it. */
    public static byte[] sha256Bytes(String value) {
        return SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares two strings in time that depends only on their lengths. {@code null} equals nothing. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
