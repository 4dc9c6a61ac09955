package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.internal.IpAddresses;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.LoginFailureStore;
import java.nio.ByteBuffer;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the login throttle counts and how it judges a login before its password is checked. Counts are kept for
 * any user name, existing or not, so a throttled answer says nothing about which names exist.
 *
 * <ul>
 *   <li><b>Attempts</b>, successful or not, per account and client address: a bucket of {@code burst} that refills
 *       one per {@code refill} (default 30, then one per 2 s). A client looping correct logins of its own account
 *       spends its own bucket, never anyone else's. Counted in this node's memory.</li>
 *   <li><b>Failures per account and address</b> (default 5 in the window) block that account from that address
 *       only: a victim logging in from anywhere else is never locked out.</li>
 *   <li><b>Failures per address</b>, over all names (default 20), block the address: one client guessing many names.</li>
 *   <li><b>Failures per account</b>, from all addresses (default 50), are a ceiling that never blocks: past it, a
 *       login for the account from an address with no failures of its own waits {@link #SLOWDOWN} before the
 *       password check, and one from an address with failures is refused. A distributed guesser then gets one slow
 *       guess per fresh address.</li>
 * </ul>
 *
 * <p>Account keys: the name in its normalised form (compatibility decomposition, accents removed, case folded); and,
 * when the store resolved the name to a user id, that id, so that every spelling the store takes for one account
 * (a database's case- and accent-insensitive collation) shares the account's limit. A correct password does not
 * reset the counts (a look-alike account's success would otherwise reset another's); windows end by themselves.
 * IPv6 clients are counted per /64, the block one subscriber gets. Every key is a 128-bit digest.
 *
 * <p>Memory: each table holds at most {@link #MAX_ENTRIES} entries of about 160 bytes. Thread-safe.
 */
final class LoginThrottle {
    static final int MAX_ENTRIES = 100_000;
    /** What a login for an account past the account-wide ceiling waits, from an address with no failures. */
    static final Duration SLOWDOWN = Duration.ofSeconds(1);
    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");

    /** A 128-bit digest of what is counted. */
    record Key(long high, long low) {
        /** 32 hex digits: the form the store keeps. */
        String hex() {
            return String.format("%016x%016x", high, low);
        }
    }

    /** The limits, from the settings. */
    record Limits(int perAccountAndAddress, int perAddress, int perAccount, Duration window, int burst, Duration refill) {
    }

    /** The keys of one login attempt before the store resolved its name. */
    record Attempt(Key pair, Key address, Key account) {
    }

    /** What the counts say about a login before its password is checked. */
    record Verdict(long blockedSeconds, boolean slowDown, boolean addressHasFailures) {
    }

    /** Failures in the current window. */
    private static final class Window {
        long startMillis;
        int failures;
    }

    /** Login attempts available now to one account from one address. */
    private static final class Bucket {
        double tokens;
        long updatedMillis;
    }

    private final Limits limits;
    private final long windowMillis;
    private final long refillMillis;
    private final Clock clock;
    private final Cache<Key, Window> failures;
    private final Cache<Key, Bucket> attempts;
    /** Shared counts in the store, or {@code null} to count failures in this node's memory. */
    private final LoginFailureStore shared;

    /** With {@code shared} non-null, failure counts live in the store (every node counts together). */
    LoginThrottle(Limits limits, Clock clock, LoginFailureStore shared) {
        this.limits = limits;
        this.windowMillis = limits.window().toMillis();
        this.refillMillis = Math.max(1, limits.refill().toMillis());
        this.clock = clock;
        this.shared = shared;
        this.failures = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ENTRIES).expireAfterWrite(limits.window()).build();
        // A bucket left alone for burst × refill is full again: forgetting it then changes nothing.
        this.attempts = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ENTRIES)
                .expireAfterAccess(limits.refill().multipliedBy(limits.burst())).build();
    }

    static Attempt attempt(String username, String clientAddress) {
        String name = normalise(username);
        String address = group(clientAddress);
        return new Attempt(digest("pair\u0000" + name + "\u0000" + address), digest("ip\u0000" + address), digest("name\u0000" + name));
    }

    /** The account-and-address key of the user id the store resolved a name to. */
    static Key resolvedPair(String userId, String clientAddress) {
        return digest("idpair\u0000" + userId + "\u0000" + group(clientAddress));
    }

    static Key address(String clientAddress) {
        return digest("ip\u0000" + group(clientAddress));
    }

    /**
     * Takes one attempt from the account-and-address bucket; returns 0 when there was one, else the seconds until
     * the next. In memory: a node refusing what another would allow only means the limit is per node.
     */
    long takeAttempt(Key pair) {
        long now = clock.millis();
        Bucket bucket = attempts.get(pair, key -> {
            Bucket fresh = new Bucket();
            fresh.tokens = limits.burst();
            fresh.updatedMillis = now;
            return fresh;
        });
        synchronized (bucket) {
            long elapsed = Math.max(0, now - bucket.updatedMillis);
            bucket.tokens = Math.min(limits.burst(), bucket.tokens + (double) elapsed / refillMillis);
            bucket.updatedMillis = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) * refillMillis / 1000.0));
        }
    }

    /** The verdict of the counts before the password check: one read of the store. */
    Verdict judge(Attempt attempt) {
        Map<Key, LoginFailureStore.Count> counts = read(List.of(attempt.pair(), attempt.address(), attempt.account()));
        LoginFailureStore.Count pair = counts.get(attempt.pair());
        LoginFailureStore.Count address = counts.get(attempt.address());
        LoginFailureStore.Count account = counts.get(attempt.account());
        long blocked = 0;
        if (pair != null && pair.failures() >= limits.perAccountAndAddress()) {
            blocked = pair.secondsLeft();
        }
        if (address != null && address.failures() >= limits.perAddress()) {
            blocked = Math.max(blocked, address.secondsLeft());
        }
        boolean overCeiling = account != null && account.failures() >= limits.perAccount();
        if (overCeiling && pair != null) {
            blocked = Math.max(blocked, account.secondsLeft());
        }
        return new Verdict(blocked, overCeiling && blocked == 0, address != null);
    }

    /** Seconds the resolved account is blocked from this address (another spelling of a throttled account), or 0. */
    long blockedForSeconds(Key resolvedPair) {
        LoginFailureStore.Count count = read(List.of(resolvedPair)).get(resolvedPair);
        return count != null && count.failures() >= limits.perAccountAndAddress() ? count.secondsLeft() : 0;
    }

    void recordFailures(List<Key> keys) {
        if (shared != null) {
            List<String> hex = new ArrayList<>(keys.size());
            for (Key key : keys) {
                hex.add(key.hex());
            }
            shared.recordFailures(hex, limits.window());
            return;
        }
        long now = clock.millis();
        for (Key key : keys) {
            Window window = failures.get(key, k -> new Window());
            synchronized (window) {
                if (window.failures == 0 || now - window.startMillis >= windowMillis) {
                    window.startMillis = now;
                    window.failures = 0;
                }
                window.failures++;
            }
        }
    }

    long failureEntries() {
        return failures.estimatedSize();
    }

    private Map<Key, LoginFailureStore.Count> read(List<Key> keys) {
        Map<Key, LoginFailureStore.Count> counts = new HashMap<>();
        if (shared != null) {
            Map<String, Key> byHex = new HashMap<>();
            for (Key key : keys) {
                byHex.put(key.hex(), key);
            }
            shared.read(byHex.keySet(), limits.window()).forEach((hex, count) -> counts.put(byHex.get(hex), count));
            return counts;
        }
        long now = clock.millis();
        for (Key key : keys) {
            Window window = failures.getIfPresent(key);
            if (window != null) {
                synchronized (window) {
                    long remaining = window.startMillis + windowMillis - now;
                    if (window.failures > 0 && remaining > 0) {
                        counts.put(key, new LoginFailureStore.Count(window.failures, (remaining + 999) / 1000));
                    }
                }
            }
        }
        return counts;
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
        ByteBuffer buffer = ByteBuffer.wrap(Secrets.sha256Bytes(value));
        return new Key(buffer.getLong(), buffer.getLong());
    }
}
