package io.jwtauth.filter.endpoints;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;

/**
 * Failed-login counting per user name and per client address, in fixed windows, and a cap on password
 * checks running at once. Counts are kept for any user name, existing or not, so a throttled answer says
 * nothing about which names exist. Memory is bounded: each table keeps at most {@link #MAX_ENTRIES}.
 * Thread-safe.
 */
final class LoginThrottle {
    static final int MAX_ENTRIES = 100_000;

    /** Failures in the current window. */
    private static final class Window {
        long startMillis;
        int failures;
    }

    private final int maxPerUser;
    private final int maxPerAddress;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> byUser;
    private final Cache<String, Window> byAddress;
    private final Semaphore running;

    LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, int maxConcurrent, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.byUser = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ENTRIES).expireAfterWrite(window).build();
        this.byAddress = Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAX_ENTRIES).expireAfterWrite(window).build();
        this.running = new Semaphore(maxConcurrent);
    }

    /** Seconds until a blocked caller may try again, or 0 when neither its name nor its address is blocked. */
    long blockedForSeconds(String username, String address) {
        long now = clock.millis();
        return Math.max(blocked(byUser, key(username), maxPerUser, now), blocked(byAddress, address, maxPerAddress, now));
    }

    private long blocked(Cache<String, Window> table, String key, int max, long now) {
        Window window = table.getIfPresent(key);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            long remaining = window.startMillis + windowMillis - now;
            return window.failures >= max && remaining > 0 ? (remaining + 999) / 1000 : 0;
        }
    }

    void recordFailure(String username, String address) {
        long now = clock.millis();
        increment(byUser, key(username), now);
        increment(byAddress, address, now);
    }

    /** A successful login clears its user name's count (not the address's: one address may try many names). */
    void recordSuccess(String username) {
        byUser.invalidate(key(username));
    }

    private void increment(Cache<String, Window> table, String key, long now) {
        Window window = table.get(key, k -> new Window());
        synchronized (window) {
            if (window.failures == 0 || now - window.startMillis >= windowMillis) {
                window.startMillis = now;
                window.failures = 0;
            }
            window.failures++;
        }
    }

    /** Takes a password-check slot without waiting; {@code false} when all are busy. */
    boolean tryStart() {
        return running.tryAcquire();
    }

    void finish() {
        running.release();
    }

    private static String key(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }
}
