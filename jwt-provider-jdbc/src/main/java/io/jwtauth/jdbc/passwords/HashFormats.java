package io.jwtauth.jdbc.passwords;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.CompressedPBKDF2Function;
import com.password4j.HashingFunction;
import com.password4j.ScryptFunction;
import java.util.regex.Pattern;

/**
 * The stored-hash formats {@link PasswordHashing} reads, told apart by their text alone: which function verifies a
 * hash, the part of it that names algorithm and cost, and its family for a log line. Never the salt or the digest.
 */
final class HashFormats {
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[abxy]?\\$\\d{2}\\$.{53}$");
    private static final Pattern PBKDF2 = Pattern.compile("^\\$\\d+\\$\\d+\\$[^$]+\\$[^$]+$");
    private static final Pattern SCRYPT = Pattern.compile("^\\$[0-9a-f]+\\$[^$]+\\$[^$]+$");

    private HashFormats() {
    }

    static String family(String storedHash) {
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

    /** The part of a hash that names algorithm and cost, not salt or digest. */
    static String costKey(String hash) {
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

    /** The password4j function that verifies {@code hash}'s format, or {@code null} for a format jwtauth does not read. */
    static HashingFunction functionFor(String hash) {
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
