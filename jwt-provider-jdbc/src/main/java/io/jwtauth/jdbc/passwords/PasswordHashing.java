package io.jwtauth.jdbc.passwords;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.CompressedPBKDF2Function;
import com.password4j.HashingFunction;
import com.password4j.ScryptFunction;
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
import java.util.regex.Pattern;

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

    private static final Pattern BCRYPT = Pattern.compile("^\\$2[abxy]?\\$\\d{2}\\$.{53}$");
    private static final Pattern PBKDF2 = Pattern.compile("^\\$\\d+\\$\\d+\\$[^$]+\\$[^$]+$");
    private static final Pattern SCRYPT = Pattern.compile("^\\$[0-9a-f]+\\$[^$]+\\$[^$]+$");

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
        HashingFunction function = functionFor(storedHash);
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

    /**
     * {@link #matches}, and notes how long that format took, so that {@link #burnSlowest} can match the slowest
     * format in use; a refused check of a cheaper format is padded to the slowest ({@link #padToSlowest}).
     */
    /** Whether jwtauth can check a password against this stored hash at all (a format it reads). */
    public boolean canRead(String storedHash) {
        return functionFor(storedHash) != null;
    }

    /**
     * The format family of a stored hash, for a log line: its {@code $id$} ({@code $6$}, {@code $pbkdf2-sha256$}), its
     * algorithm name before the first {@code :} ({@code PBKDF2WithHmacSHA1}), or its shape ("hex digest, 32
     * characters"). Never any part of the salt or digest.
     */
    public static String formatFamily(String storedHash) {
        if (storedHash == null) {
            return "none";
        }
        if (storedHash.startsWith("$")) {
            int end = storedHash.indexOf('$', 1);
            String id = end > 1 && end <= 24 ? storedHash.substring(0, end + 1) : "$…";
            return id.matches("\\$[A-Za-z0-9_.+-]+\\$") ? id : "starting with $";
        }
        int colon = storedHash.indexOf(':');
        if (colon > 0 && colon <= 40 && storedHash.substring(0, colon).matches("[A-Za-z][A-Za-z0-9_-]*")) {
            return storedHash.substring(0, colon);
        }
        if (storedHash.matches("[0-9a-fA-F]+")) {
            return "hex digest, " + storedHash.length() + " characters";
        }
        if (storedHash.matches("[A-Za-z0-9+/]+={0,2}")) {
            return "base64, " + storedHash.length() + " characters";
        }
        return "unrecognised, " + storedHash.length() + " characters";
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
            if (functionFor(hash) != null && seen.add(costKey(hash))) {
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
        if (key == null || (functionFor(checkedHash) != null && key.equals(costKey(checkedHash)))) {
            return;
        }
        Long typical = typicalCosts.get(key);
        long remaining = (typical == null ? 0 : typical) - spentNanos;
        if (remaining > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(remaining);
        }
    }

    private void observe(String storedHash, long nanos) {
        if (functionFor(storedHash) == null) {
            return;
        }
        String key = costKey(storedHash);
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
        String template = likeHash != null && functionFor(likeHash) != null ? likeHash : null;
        String key = template == null ? argon2Prefix : costKey(template);
        return dummies.computeIfAbsent(key, k -> dummyLike(template));
    }

    private String dummyLike(String template) {
        char[] random = "jwtauth-dummy-password".toCharArray();
        if (template == null) {
            return hash(random);
        }
        HashingFunction function = Objects.requireNonNull(functionFor(template));
        if (function instanceof BcryptFunction) {
            return function.hash(CharBuffer.wrap(random)).getResult(); // bcrypt makes its own salt
        }
        // Our salt, not password4j's default one: that would read its global configuration, which warns at every start
        // when the application has none (#34).
        return function.hash(CharBuffer.wrap(random), java.util.Base64.getEncoder().encodeToString(Secrets.randomBytes(SALT_BYTES)))
                .getResult();
    }

    /** The part of a hash that names algorithm and cost, not salt or digest. */
    private static String costKey(String hash) {
        if (hash.startsWith("PBKDF2WithHmac")) {
            String key = JakartaPbkdf2Function.costKey(hash);
            return key != null ? key : hash;
        }
        // Fields before the salt: argon2 "$argon2id$v=19$m=…,t=…,p=…", bcrypt "$2b$10", PBKDF2 "$3$<params>",
        // scrypt "$a0801" (its salt is the second field). Never the salt: a dummy and a cost entry per stored hash
        // would grow with the users table and cost each user's first login a second hash.
        int fields = hash.startsWith("$argon2") ? 3 : !BCRYPT.matcher(hash).matches() && SCRYPT.matcher(hash).matches() ? 1 : 2;
        int end = 0;
        for (int i = 0; i < fields && end >= 0; i++) {
            end = hash.indexOf('$', end + 1);
        }
        return end > 0 ? hash.substring(0, end) : hash;
    }

    private static HashingFunction functionFor(String hash) {
        if (hash == null || hash.length() > 1024) {
            return null;
        }
        try {
            if (hash.startsWith("$argon2")) {
                return Argon2Function.getInstanceFromHash(hash);
            }
            if (hash.startsWith("$aspnet$")) {
                return AspNetMembershipFunction.forHash(hash);
            }
            if (hash.startsWith("PBKDF2WithHmac")) {
                return JakartaPbkdf2Function.forHash(hash);
            }
            if (BCRYPT.matcher(hash).matches()) {
                return BcryptFunction.getInstanceFromHash(hash);
            }
            if (PBKDF2.matcher(hash).matches()) {
                return CompressedPBKDF2Function.getInstanceFromHash(hash);
            }
            if (SCRYPT.matcher(hash).matches()) {
                return ScryptFunction.getInstanceFromHash(hash);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }
}
