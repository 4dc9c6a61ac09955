package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's running totals since start, for monitoring (the Micrometer binder reads them at each scrape):
 * authentication outcomes by error code, every audit event by type, verified-token cache hits and the time
 * spent in logins. Counting is a {@link LongAdder} increment: nothing else happens on the request path.
 * Thread-safe.
 */
public final class AuthCounters {
    private static final AuthError[] ERRORS = AuthError.values();
    private static final AuthEvent.Type[] EVENTS = AuthEvent.Type.values();

    private final LongAdder authenticated = new LongAdder();
    private final LongAdder[] refused = adders(ERRORS.length);
    private final LongAdder[] events = adders(EVENTS.length);
    private final LongAdder tokenCacheHits = new LongAdder();
    private final LongAdder tokenCacheMisses = new LongAdder();
    private final LongAdder logins = new LongAdder();
    private final LongAdder loginNanos = new LongAdder();

    AuthCounters() {
    }

    private static LongAdder[] adders(int count) {
        LongAdder[] adders = new LongAdder[count];
        for (int i = 0; i < count; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** Records a request a host (the filter, the container's module) let through as an authenticated caller. */
    void authenticated() {
        authenticated.increment();
    }

    /** Records a request a host refused with {@code error} (a missing token, a bad one, a missing role…). */
    void refused(AuthError error) {
        refused[error.ordinal()].increment();
    }

    void event(AuthEvent.Type type) {
        events[type.ordinal()].increment();
    }

    void tokenCache(boolean hit) {
        (hit ? tokenCacheHits : tokenCacheMisses).increment();
    }

    void login(long nanos) {
        logins.increment();
        loginNanos.add(nanos);
    }

    public long authenticatedCount() {
        return authenticated.sum();
    }

    public long refusedCount(AuthError error) {
        return refused[error.ordinal()].sum();
    }

    public long eventCount(AuthEvent.Type type) {
        return events[type.ordinal()].sum();
    }

    /** Fraction of first-or-repeated token checks answered from the verified-token cache (NaN before the first). */
    public double tokenCacheHitRate() {
        long hits = tokenCacheHits.sum();
        long total = hits + tokenCacheMisses.sum();
        return total == 0 ? Double.NaN : (double) hits / total;
    }

    /** Logins attempted (accepted or refused, throttled ones included) and the time they took in total. */
    public long loginCount() {
        return logins.sum();
    }

    public long loginTotalNanos() {
        return loginNanos.sum();
    }
}
