package io.jwtauth.jdbc.passwords;

import com.password4j.AbstractHashingFunction;
import com.password4j.Hash;
import io.jwtauth.core.internal.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Jakarta EE Security's {@code Pbkdf2PasswordHash} stored format, as applications built on Jakarta (or Java) EE
 * Security keep it: {@code <algorithm>:<iterations>:<Base64 salt>:<Base64 hash>}, for example
 * {@code PBKDF2WithHmacSHA256:2048:…:…}, with the algorithms that specification names (HMAC-SHA224, -256, -384, -512).
 * The key is PBKDF2 of the password's characters through the JDK's {@link SecretKeyFactory}, as long as the stored
 * hash; compared in constant time. Verified only: new hashes are argon2id, and such users are upgraded at their next
 * login where the mapping allows it.
 */
final class JakartaPbkdf2Function extends AbstractHashingFunction {
    /** The format; iterations 1 to 9,999,999, salt and hash Base64 (standard alphabet). */
    static final Pattern FORMAT = Pattern.compile(
            "^(PBKDF2WithHmacSHA(?:224|256|384|512)):([1-9][0-9]{0,6}):([A-Za-z0-9+/]{4,344}={0,2}):([A-Za-z0-9+/]{20,344}={0,2})$");

    private final String algorithm;
    private final int iterations;
    private final int keyBytes;

    private JakartaPbkdf2Function(String algorithm, int iterations, int keyBytes) {
        this.algorithm = algorithm;
        this.iterations = iterations;
        this.keyBytes = keyBytes;
    }

    /** The function for a hash in this format (its algorithm, iterations and key length), or {@code null}. */
    static JakartaPbkdf2Function forHash(String hash) {
        Matcher parts = FORMAT.matcher(hash);
        if (!parts.matches()) {
            return null;
        }
        int keyBytes = Base64.getDecoder().decode(parts.group(4)).length;
        return keyBytes < 16 ? null : new JakartaPbkdf2Function(parts.group(1), Integer.parseInt(parts.group(2)), keyBytes);
    }

    /** The part that names algorithm and cost (never the salt): {@code <algorithm>:<iterations>:<key bytes>}. */
    static String costKey(String hash) {
        JakartaPbkdf2Function function = forHash(hash);
        return function == null ? null : function.algorithm + ":" + function.iterations + ":" + function.keyBytes;
    }

    private byte[] derive(CharSequence password, byte[] salt, int length) {
        char[] chars = new char[password.length()];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = password.charAt(i);
        }
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public boolean check(CharSequence password, String hashed) {
        Matcher parts = FORMAT.matcher(hashed);
        if (!parts.matches() || !parts.group(1).equals(algorithm) || Integer.parseInt(parts.group(2)) != iterations) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts.group(3));
        byte[] expected = Base64.getDecoder().decode(parts.group(4));
        return MessageDigest.isEqual(derive(password, salt, expected.length), expected);
    }

    @Override
    public boolean check(byte[] password, byte[] hashed) {
        return check(new String(password, StandardCharsets.UTF_8), new String(hashed, StandardCharsets.US_ASCII));
    }

    /** A hash in this format with a random 32-byte salt: only for the dummy checks that keep unknown users as slow. */
    @Override
    public Hash hash(CharSequence password) {
        return hash(password, Base64.getEncoder().encodeToString(Secrets.randomBytes(32)));
    }

    @Override
    public Hash hash(byte[] password) {
        return hash(new String(password, StandardCharsets.UTF_8));
    }

    @Override
    public Hash hash(CharSequence password, String salt) {
        byte[] key = derive(password, Base64.getDecoder().decode(salt), keyBytes);
        String result = algorithm + ":" + iterations + ":" + salt + ":" + Base64.getEncoder().encodeToString(key);
        return new Hash(this, result, key, salt);
    }

    @Override
    public Hash hash(byte[] password, byte[] salt) {
        return hash(new String(password, StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(salt));
    }
}
