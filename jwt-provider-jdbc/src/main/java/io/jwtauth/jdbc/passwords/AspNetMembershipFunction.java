package io.jwtauth.jdbc.passwords;

import com.password4j.AbstractHashingFunction;
import com.password4j.Hash;
import io.jwtauth.core.internal.Secrets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ASP.NET membership's salted {@code Hashed} password format, as DNN stores it in {@code aspnet_Membership}
 * ({@code PasswordFormat} 1): {@code Base64(H(salt || UTF-16LE(password)))} with the salt from the Base64
 * {@code PasswordSalt} column and H SHA-1 (DNN's default from 7.1) or SHA-256. jwtauth reads it as one string,
 * {@code $aspnet$sha1$<PasswordSalt>$<Password>} (or {@code sha256}), which a mapped users query builds from
 * the two columns. Verified only: new hashes are argon2id, so such users are upgraded at their next login
 * where the mapping allows it. {@code Clear} (format 0) is not a hash and is never accepted.
 */
final class AspNetMembershipFunction extends AbstractHashingFunction {
    /** {@code $aspnet$<algorithm>$<salt>$<hash>}, both Base64 (standard alphabet, padded). */
    static final Pattern FORMAT = Pattern.compile("^\\$aspnet\\$(sha1|sha256)\\$([A-Za-z0-9+/]{4,128}={0,2})\\$([A-Za-z0-9+/]{20,128}={0,2})$");

    private final String algorithm;
    private final String name;

    private AspNetMembershipFunction(String name) {
        this.name = name;
        this.algorithm = name.equals("sha1") ? "SHA-1" : "SHA-256";
    }

    /** The function for a hash in this format, or {@code null} when it is not one. */
    static AspNetMembershipFunction forHash(String hash) {
        Matcher parts = FORMAT.matcher(hash);
        return parts.matches() ? new AspNetMembershipFunction(parts.group(1)) : null;
    }

    private byte[] digest(byte[] salt, CharSequence password) {
        ByteBuffer encoded = StandardCharsets.UTF_16LE.encode(CharBuffer.wrap(password));
        byte[] input = new byte[salt.length + encoded.remaining()];
        System.arraycopy(salt, 0, input, 0, salt.length);
        encoded.get(input, salt.length, encoded.remaining());
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    @Override
    public boolean check(CharSequence password, String hashed) {
        Matcher parts = FORMAT.matcher(hashed);
        if (!parts.matches() || !parts.group(1).equals(name)) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts.group(2));
        byte[] expected = Base64.getDecoder().decode(parts.group(3));
        return MessageDigest.isEqual(digest(salt, password), expected);
    }

    @Override
    public boolean check(byte[] password, byte[] hashed) {
        return check(new String(password, StandardCharsets.UTF_8), new String(hashed, StandardCharsets.US_ASCII));
    }

    /** A hash in this format with a random salt: only for the dummy checks that keep unknown users as slow. */
    @Override
    public Hash hash(CharSequence password) {
        return hash(password, Base64.getEncoder().encodeToString(Secrets.randomBytes(16)));
    }

    @Override
    public Hash hash(byte[] password) {
        return hash(new String(password, StandardCharsets.UTF_8));
    }

    @Override
    public Hash hash(CharSequence password, String salt) {
        byte[] digest = digest(Base64.getDecoder().decode(salt), password);
        String result = "$aspnet$" + name + "$" + salt + "$" + Base64.getEncoder().encodeToString(digest);
        return new Hash(this, result, digest, salt);
    }

    @Override
    public Hash hash(byte[] password, byte[] salt) {
        return hash(new String(password, StandardCharsets.UTF_8), Base64.getEncoder().encodeToString(salt));
    }
}
