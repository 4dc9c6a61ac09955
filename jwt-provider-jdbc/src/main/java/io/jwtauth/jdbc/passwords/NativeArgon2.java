package io.jwtauth.jdbc.passwords;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * argon2id in the reference C library, libargon2, through argon2-jvm (JNA; the jar ships the binaries for Linux,
 * macOS and Windows on x86-64 and ARM, so nothing is installed on the machine). It verifies in about half the
 * time of password4j's pure-Java argon2 at the same parameters (benchmarks README, "Password hashing"), and its
 * hashes are the same PHC strings. Where the binary cannot load (another platform, a locked-down temp directory),
 * {@link #load()} is empty and {@link PasswordHashing} stays on password4j, which verifies the same hashes.
 * Verification compares in constant time inside libargon2 ({@code argon2_verify}). Thread-safe.
 */
final class NativeArgon2 {
    private static final Logger LOG = LoggerFactory.getLogger(NativeArgon2.class);
    private static final int HASH_BYTES = 32;

    private final Argon2Advanced argon2;

    private NativeArgon2(Argon2Advanced argon2) {
        this.argon2 = argon2;
    }

    /** The binding, if libargon2 loads here and reproduces a hash made in Java; empty otherwise (logged once). */
    static Optional<NativeArgon2> load(String javaHash, byte[] javaPassword) {
        try {
            NativeArgon2 binding = new NativeArgon2(Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id));
            if (!binding.verify(javaHash, javaPassword)) {
                LOG.warn("libargon2 did not verify a hash made by password4j; argon2id stays in Java (password4j)");
                return Optional.empty();
            }
            return Optional.of(binding);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("libargon2 could not be loaded ({}); argon2id runs in Java (password4j), about half as fast",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** A PHC-format argon2id hash of {@code password} with {@code salt}. */
    String hash(byte[] password, byte[] salt, int memoryKib, int iterations, int parallelism) {
        return argon2.hashAdvanced(iterations, memoryKib, parallelism, password, salt, HASH_BYTES, Argon2Version.V13).getEncoded();
    }

    /** Whether {@code password} matches the PHC-format argon2 hash; a corrupt hash never matches. */
    boolean verify(String hash, byte[] password) {
        try {
            return argon2.verify(hash, password);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
