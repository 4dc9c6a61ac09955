package io.jwtauth.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The one exception core throws for a refused request. It carries an {@link AuthError} (what the client
 * is told) and a detail for the server log (why, in words that never contain a token, a password or a
 * hash). Instances are immutable.
 */
public class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** When to try again after {@link AuthError#UNAVAILABLE}: a store or a provider is back within seconds, or not soon. */
    public static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

    private final AuthError error;
    private final transient Duration retryAfter;

    /**
     * @param error  what the client is told
     * @param detail why, for the server log only
     */
    public AuthException(AuthError error, String detail) {
        this(error, detail, null, null);
    }

    /** As {@link #AuthException(AuthError, String)}, keeping the cause for the server log. */
    public AuthException(AuthError error, String detail, Throwable cause) {
        this(error, detail, null, cause);
    }

    /** For {@link AuthError#THROTTLED} and {@link AuthError#UNAVAILABLE}: when the client may try again. */
    public AuthException(AuthError error, String detail, Duration retryAfter, Throwable cause) {
        // Stack traces of refusals are noise on the hot path: they are expected, frequent and never sent.
        super(detail, cause, false, cause != null);
        this.error = Objects.requireNonNull(error, "error");
        this.retryAfter = retryAfter;
    }

    /** The reason sent to the client. */
    public AuthError error() {
        return error;
    }

    /** When the client may retry, or {@code null} when it should not simply retry. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
