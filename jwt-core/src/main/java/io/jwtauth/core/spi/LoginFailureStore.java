package io.jwtauth.core.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Failed-login counts kept in the store, so that every node of a cluster counts against the same limits (N
 * nodes counting alone would allow N times the attempts). Optional: a provider offers it through
 * {@link StoreProvider#loginFailures()}; without it each node counts in memory.
 *
 * <p>Keys are opaque, fixed-size digests chosen by core (never a user name or an address). A key's window starts
 * at its first failure and lasts {@code window}, measured on the store's own clock; a failure after the window
 * starts a new one. Implementations must be thread-safe and atomic per key across nodes (concurrent first failures
 * of one key all count, none fails), and may forget keys whose window ended. They throw
 * {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface LoginFailureStore {
    /** The failures of a key in its live window, and the whole seconds (at least 1) until that window ends. */
    record Count(int failures, long secondsLeft) {
    }

    /** Counts one failure for each of {@code keys}. */
    void recordFailures(Collection<String> keys, Duration window);

    /** The counts of those of {@code keys} that have a live window, in one read; keys without one are absent. */
    Map<String, Count> read(Collection<String> keys, Duration window);
}
