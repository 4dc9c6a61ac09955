package io.jwtauth.core.memory;

import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.UserRecord;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Users held in memory, with PBKDF2-HMAC-SHA256 password hashes (the JDK's implementation). For tests,
 * demos and applications that define their few users in code. Thread-safe.
 */
public final class InMemoryIdentityStore implements IdentityStore {
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private final int iterations;
    private final Map<String, Entry> byUsername = new ConcurrentHashMap<>();
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final byte[] dummyHash;
    private final byte[] dummySalt = Secrets.randomBytes(16);

    private record Entry(String userId, String username, String displayName, Set<String> roles, byte[] salt,
                         byte[] hash, boolean enabled) {
        UserRecord toRecord() {
            // The stamp changes with every password change because salt and hash do.
            return new UserRecord(userId, username, displayName, roles, Base64Url.encode(salt) + "." + Base64Url.encode(hash), enabled);
        }
    }

    public InMemoryIdentityStore() {
        this(DEFAULT_ITERATIONS);
    }

    /** With a custom PBKDF2 iteration count (lower only in tests, where speed matters more than strength). */
    public InMemoryIdentityStore(int iterations) {
        if (iterations < 1000) {
            throw new IllegalArgumentException("at least 1000 PBKDF2 iterations");
        }
        this.iterations = iterations;
        this.dummyHash = hash("dummy-password".toCharArray(), dummySalt);
    }

    /** Adds or replaces a user. */
    public InMemoryIdentityStore addUser(String userId, String username, String displayName, char[] password, Set<String> roles) {
        byte[] salt = Secrets.randomBytes(16);
        Entry entry = new Entry(userId, username, displayName, Set.copyOf(roles), salt, hash(password, salt), true);
        put(entry);
        return this;
    }

    /** Sets a new password; sessions opened with the old one end at their next renewal. */
    public void changePassword(String userId, char[] newPassword) {
        Entry old = require(userId);
        byte[] salt = Secrets.randomBytes(16);
        put(new Entry(old.userId(), old.username(), old.displayName(), old.roles(), salt, hash(newPassword, salt), old.enabled()));
    }

    public void setEnabled(String userId, boolean enabled) {
        Entry old = require(userId);
        put(new Entry(old.userId(), old.username(), old.displayName(), old.roles(), old.salt(), old.hash(), enabled));
    }

    public void setRoles(String userId, Set<String> roles) {
        Entry old = require(userId);
        put(new Entry(old.userId(), old.username(), old.displayName(), Set.copyOf(roles), old.salt(), old.hash(), old.enabled()));
    }

    private Entry require(String userId) {
        Entry entry = byId.get(userId);
        if (entry == null) {
            throw new IllegalArgumentException("no user with id " + userId);
        }
        return entry;
    }

    private void put(Entry entry) {
        byId.put(entry.userId(), entry);
        byUsername.put(entry.username(), entry);
    }

    @Override
    public Optional<UserRecord> authenticate(String username, char[] password) {
        return Optional.ofNullable(check(username, password).user());
    }

    @Override
    public CredentialCheck check(String username, char[] password) {
        Entry entry = byUsername.get(username);
        // Unknown users cost one hash too, so timing does not reveal which names exist.
        byte[] expected = entry == null ? dummyHash : entry.hash();
        byte[] actual = hash(password, entry == null ? dummySalt : entry.salt());
        boolean matches = MessageDigest.isEqual(expected, actual);
        if (entry == null) {
            return CredentialCheck.none();
        }
        return new CredentialCheck(matches ? entry.toRecord() : null, entry.userId());
    }

    @Override
    public Optional<UserRecord> findById(String userId) {
        return Optional.ofNullable(byId.get(userId)).map(Entry::toRecord);
    }

    private byte[] hash(char[] password, byte[] salt) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        }
    }
}
