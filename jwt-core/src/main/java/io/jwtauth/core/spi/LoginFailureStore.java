package io.jwtauth.core.spi;

import java.time.Duration;

/**
 * Failed-login counts kept in the store, so that every node of a cluster counts against the same limits (N
 * nodes counting alone would allow N times the attempts). Optional: a provider offers it through
 * {@link StoreProvider#loginFailures()}; without it each node counts in memory.
 *
 * <p>Keys are opaque, fixed-size digests chosen by core (never a user name or an address). A key's window starts
 * at its first failure and lasts {@code window}, measured on the store's own clock; a failure after the window
 * starts a new one. Implementations must be thread-safe and atomic per key across nodes, and may forget keys
 * whose window ended. They throw {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface LoginFailureStore {
    /** Counts one failure for {@code key}. */
    void recordFailure(String key, Duration window);

    /** Seconds until {@code key}'s window ends when it holds at least {@code max} failures, else 0. */
    long blockedForSeconds(String key, int max, Duration window);

    /** Forgets {@code key}'s failures (a successful login). */
    void clear(String key);
}
