package io.jwtauth.jdbc.passwords;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.HashingFunction;
import com.password4j.types.Argon2;
import io.jwtauth.core.internal.Secrets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Password hashes: new hashes are argon2id (PHC string format), made and verified by libargon2 where it loads
 * ({@link NativeArgon2}) and by password4j otherwise; bcrypt
 * ({@code $2a$}/{@code $2b$}/{@code $2y$}), scrypt, PBKDF2 (password4j's formats), ASP.NET membership's
 * salted SHA-1/SHA-256 (DNN's, see {@link AspNetMembershipFunction}) and Jakarta EE Security's
 * {@code Pbkdf2PasswordHash} format ({@link JakartaPbkdf2Function}) are verified too, and reported as needing a
 * rehash. Thread-safe.
 */
public final class PasswordHashing {
    /** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    public static final int DEFAULT_ITERATIONS = 2;
    public static final int DEFAULT_PARALLELISM = 1;

    private static final int SALT_BYTES = 16;

    private final Argon2Function argon2;
    private final String argon2Prefix;
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    /** libargon2, or {@code null} where it does not load: then password4j does argon2 too. */
    private final NativeArgon2 nativeArgon2;
    /** Dummy hashes per algorithm-and-cost, so that unknown users cost what real ones cost. */
    private final Map<String, String> dummies = new ConcurrentHashMap<>();
    /** Shortest measured verification time per algorithm-and-cost (nanoseconds), and the slowest of them. */
    private final Map<String, Long> costs = new ConcurrentHashMap<>();
    /**
     * A running average per algorithm-and-cost of how long a check takes (samples over 4× the shortest are pauses
     * and left out): what a refused check of a cheaper format is padded to.
     */
    private final Map<String, Long> typicalCosts = new ConcurrentHashMap<>();
    private volatile String slowestKey;

    public PasswordHashing(int memoryKib, int iterations, int parallelism) {
        this.argon2 = Argon2Function.getInstance(memoryKib, iterations, parallelism, 32, Argon2.ID);
        this.argon2Prefix = "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$";
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        byte[] probe = "jwtauth-native-probe".getBytes(StandardCharsets.UTF_8);
        // A cheap hash for the probe: it proves the binding reads password4j's format, not the cost.
        String javaHash = Argon2Function.getInstance(64, 1, 1, 32, Argon2.ID).hash(probe, Secrets.randomBytes(SALT_BYTES)).getResult();
        this.nativeArgon2 = loadNative(javaHash, probe);
    }

    private static NativeArgon2 loadNative(String javaHash, byte[] probe) {
        try {
            return NativeArgon2.load(javaHash, probe).orElse(null);
        } catch (LinkageError e) {
            // argon2-jvm's or JNA's jar left out of WEB-INF/lib: NativeArgon2 itself cannot link.
            return null;
        }
    }

    /** Whether argon2id runs in libargon2 here (otherwise in password4j). */
    public boolean usesNativeArgon2() {
        return nativeArgon2 != null;
    }

    public static PasswordHashing defaults() {
        return new PasswordHashing(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS, DEFAULT_PARALLELISM);
    }

    /** A new argon2id hash with a random 16-byte salt from {@link SecureRandom}. */
    public String hash(char[] password) {
        byte[] bytes = utf8(password);
        try {
            byte[] salt = Secrets.randomBytes(SALT_BYTES);
            return nativeArgon2 != null ? nativeArgon2.hash(bytes, salt, memoryKib, iterations, parallelism)
                    : argon2.hash(bytes, salt).getResult();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    /**
     * Whether {@code password} matches {@code storedHash}. An unrecognised or corrupt hash never matches.
     */
    public boolean matches(char[] password, String storedHash) {
        HashingFunction function = HashFormats.functionFor(storedHash);
        if (function == null) {
            return false;
        }
        if (nativeArgon2 != null && storedHash.startsWith("$argon2")) {
            byte[] bytes = utf8(password);
            try {
                return nativeArgon2.verify(storedHash, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
        try {
            return function.check(CharBuffer.wrap(password), storedHash);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether jwtauth can check a password against this stored hash at all (a format it reads). */
    public boolean canRead(String storedHash) {
        return HashFormats.functionFor(storedHash) != null;
    }

    /**
     * The format family of a stored hash, for a log line: its {@code $id$} ({@code $6$}, {@code $pbkdf2-sha256$}), its
     * algorithm name before the first {@code :} ({@code PBKDF2WithHmacSHA1}), or its shape ("hex digest, 32
     * characters"). Never any part of the salt or digest.
     */
    public static String formatFamily(String storedHash) {
        return HashFormats.family(storedHash);
    }

    public boolean matchesTimed(char[] password, String storedHash) {
        long start = System.nanoTime();
        boolean matched = measure(password, storedHash);
        if (!matched) {
            padToSlowest(storedHash, System.nanoTime() - start);
        }
        return matched;
    }

    /** {@link #matches}, noting how long the format took. */
    private boolean measure(char[] password, String storedHash) {
        long start = System.nanoTime();
        boolean matched = matches(password, storedHash);
        observe(storedHash, System.nanoTime() - start);
        return matched;
    }

    /**
     * Measures, once each, the formats of {@code sampleHashes} (and the default format), as a start for
     * {@link #burnSlowest} before users of those formats have logged in.
     */
    public void seed(java.util.Collection<String> sampleHashes) {
        char[] probe = "jwtauth-cost-probe".toCharArray();
        java.util.Set<String> seen = new java.util.HashSet<>();
        seen.add(argon2Prefix);
        measure(probe, dummies.computeIfAbsent(argon2Prefix, k -> dummyLike(null)));
        for (String hash : sampleHashes) {
            if (HashFormats.functionFor(hash) != null && seen.add(HashFormats.costKey(hash))) {
                measure(probe, hash);
            }
        }
    }

    /**
     * Spends the time of the slowest format measured so far (the default format when none was): for unknown
     * user names, so that they answer as slowly as a real user of the slowest format would.
     */
    public void burnSlowest(char[] password) {
        String key = slowestKey;
        String template = key == null ? null : dummies.get(key);
        if (template == null) {
            burnTime(password, null);
        } else {
            matches(password, template);
        }
    }

    /**
     * After a refused check against {@code checkedHash} that took {@code spentNanos}: waits out the rest of the
     * slowest format's typical time when that hash is of a cheaper format, so that a refused login of a user with an
     * old, cheap hash (an ASP.NET membership SHA-1 not yet upgraded) takes as long as any other refused login, and
     * its timing does not say the user exists. A wait, not a second hash: padding costs no CPU.
     */
    public void padToSlowest(String checkedHash, long spentNanos) {
        String key = slowestKey;
        if (key == null || (HashFormats.functionFor(checkedHash) != null && key.equals(HashFormats.costKey(checkedHash)))) {
            return;
        }
        Long typical = typicalCosts.get(key);
        long remaining = (typical == null ? 0 : typical) - spentNanos;
        if (remaining > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(remaining);
        }
    }

    private void observe(String storedHash, long nanos) {
        if (HashFormats.functionFor(storedHash) == null) {
            return;
        }
        String key = HashFormats.costKey(storedHash);
        dummies.computeIfAbsent(key, k -> dummyLike(storedHash));
        // The shortest time seen per format is its cost: noise, pauses and a cold JIT only ever add time.
        long shortest = costs.merge(key, nanos, Math::min);
        if (nanos <= 4 * shortest) {
            typicalCosts.merge(key, nanos, (average, sample) -> average + (sample - average) / 8);
        }
        String slowest = null;
        long longest = -1;
        for (Map.Entry<String, Long> cost : costs.entrySet()) {
            if (cost.getValue() > longest) {
                longest = cost.getValue();
                slowest = cost.getKey();
            }
        }
        slowestKey = slowest;
    }

    /** Whether a hash that matched should be replaced by one in the current default format and cost. */
    public boolean needsRehash(String storedHash) {
        return !storedHash.startsWith(argon2Prefix);
    }

    /**
     * Spends the time of checking a password against a hash like {@code likeHash} (same algorithm and cost),
     * without any real hash: for unknown users. Falls back to the default format.
     */
    public void burnTime(char[] password, String likeHash) {
        matches(password, dummyFor(likeHash));
    }

    /** The dummy hash a burn checks against: same algorithm and cost as {@code likeHash} (argon2id for an unknown one). */
    String dummyFor(String likeHash) {
        String template = likeHash != null && HashFormats.functionFor(likeHash) != null ? likeHash : null;
        String key = template == null ? argon2Prefix : HashFormats.costKey(template);
        return dummies.computeIfAbsent(key, k -> dummyLike(template));
    }

    private String dummyLike(String template) {
        char[] random = "jwtauth-dummy-password".toCharArray();
        if (template == null) {
            return hash(random);
        }
        HashingFunction function = Objects.requireNonNull(HashFormats.functionFor(template));
        if (function instanceof BcryptFunction) {
            return function.hash(CharBuffer.wrap(random)).getResult(); // bcrypt makes its own salt
        }
        // Our salt, not password4j's default one: that would read its global configuration, which warns at every start
        // when the application has none (#34).
        return function.hash(CharBuffer.wrap(random), java.util.Base64.getEncoder().encodeToString(Secrets.randomBytes(SALT_BYTES)))
                .getResult();
    }
}
