package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.internal.IpAddresses;
import io.jwtauth.core.spi.LoginFailureStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Failed-login counting per user and per client address, in fixed windows ({@link LoginSlots} caps the password
 * checks running at once). Counts are kept for any user name, existing or not, so a throttled answer says nothing about which
 * names exist.
 *
 * <p>Keys: a failure counts against the name in its normalised form (compatibility decomposition, accents
 * removed, case folded), and against the id of the user the store resolved the name to, if any; a login is
 * refused when either is over the limit. So every spelling the store takes for one account (a database's case-
 * and accent-insensitive collation) shares the account's limit, and a success on a look-alike account (another
 * id) cannot reset it. IPv6
 * clients are counted per /64, the block one subscriber gets. Every key is a 128-bit digest.
 *
 * <p>Memory: each table holds at most {@link #MAX_ENTRIES} entries of about 160 bytes (a 16-byte digest key, a
 * window and the cache's node; 159 bytes measured): about 30 MiB for both tables full. Thread-safe.
 */
final class LoginThrottle {
    static final int MAX_ENTRIES = 100_000;
    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");

    /** A 128-bit digest of what is counted. */
    record Key(long high, long low) {
        /** 32 hex digits: the form the store keeps. */
        String hex() {
            return String.format("%016x%016x", high, low);
        }
    }

    /** Failures in the current window. */
    private static final class Window {
        long startMillis;
        int failures;
    }

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<Key, Window> byUser;
    private final Cache<Key, Window> byAddress;
    /** Shared counts in the store, or {@code null} to count in this node's memory. */
    private final LoginFailureStore shared;

    LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
        this(maxPerUser, maxPerAddress, window, clock, null);
    }

    /** With {@code shared} non-null, the counts live in the store (every node counts together). */
    LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock, LoginFailureStore shared) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.shared = shared;
        this.byUser = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ENTRIES).expireAfterWrite(window).build();
        this.byAddress = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ENTRIES).expireAfterWrite(window).build();
    }

    static Key userId(String userId) {
        return digest("id\u0000" + userId);
    }

    static Key name(String username) {
        return digest("name\u0000" + normalise(username));
    }

    static Key address(String address) {
        return digest("ip\u0000" + group(address));
    }

    /** Seconds until a blocked caller may try again, or 0 when neither key is blocked ({@code user} may be null). */
    long blockedForSeconds(Key user, Key address) {
        if (shared != null) {
            long byName = user == null ? 0 : shared.blockedForSeconds(user.hex(), maxPerUser, window);
            return Math.max(byName, address == null ? 0 : shared.blockedForSeconds(address.hex(), maxPerAddress, window));
        }
        long now = clock.millis();
        long byName = user == null ? 0 : blocked(byUser, user, maxPerUser, now);
        return Math.max(byName, address == null ? 0 : blocked(byAddress, address, maxPerAddress, now));
    }

    void recordFailure(Key user, Key address) {
        if (shared != null) {
            if (user != null) {
                shared.recordFailure(user.hex(), window);
            }
            if (address != null) {
                shared.recordFailure(address.hex(), window);
            }
            return;
        }
        long now = clock.millis();
        if (user != null) {
            increment(byUser, user, now);
        }
        if (address != null) {
            increment(byAddress, address, now);
        }
    }

    /** A successful login clears its user's count (not the address's: one address may try many names). */
    void recordSuccess(Key user) {
        if (shared != null) {
            shared.clear(user.hex());
        } else {
            byUser.invalidate(user);
        }
    }

    long userEntries() {
        return byUser.estimatedSize();
    }

    private long blocked(Cache<Key, Window> table, Key key, int max, long now) {
        Window window = table.getIfPresent(key);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            long remaining = window.startMillis + windowMillis - now;
            return window.failures >= max && remaining > 0 ? (remaining + 999) / 1000 : 0;
        }
    }

    private void increment(Cache<Key, Window> table, Key key, long now) {
        Window window = table.get(key, k -> new Window());
        synchronized (window) {
            if (window.failures == 0 || now - window.startMillis >= windowMillis) {
                window.startMillis = now;
                window.failures = 0;
            }
            window.failures++;
        }
    }

    /** {@code Démo}, {@code DEMO} and full-width {@code ｄｅｍｏ} all become {@code demo}. */
    static String normalise(String username) {
        String decomposed = Normalizer.normalize(username.strip(), Normalizer.Form.NFKD);
        String folded = ACCENTS.matcher(decomposed).replaceAll("").toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /** An IPv6 address's /64, the block one subscriber gets; an IPv4 address (mapped or not) as it is. No lookup. */
    static String group(String address) {
        if (address == null) {
            return "";
        }
        byte[] bytes = IpAddresses.parse(address);
        if (bytes == null) {
            return address;
        }
        if (bytes.length == 16) {
            return "v6/64:" + Long.toHexString(ByteBuffer.wrap(bytes).getLong());
        }
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    private static Key digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.wrap(hash);
            return new Key(buffer.getLong(), buffer.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
