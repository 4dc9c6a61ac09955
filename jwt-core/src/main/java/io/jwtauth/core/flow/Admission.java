package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import java.time.Duration;

/**
 * The one answer for a request, whichever entry point asked ({@link AuthService#admit}): authenticated
 * ({@link #user()} set), refused ({@link #refusal()} set, with {@code Retry-After} where the error has one), or
 * anonymous (neither: a request that needs no credential and presented none, or none that holds). Immutable.
 */
public record Admission(AuthenticatedUser user, AuthError refusal, Duration retryAfter) {
    public static final Admission ANONYMOUS = new Admission(null, null, null);

    static Admission of(AuthenticatedUser user) {
        return new Admission(user, null, null);
    }

    static Admission refused(AuthError error, Duration retryAfter) {
        return new Admission(null, error, retryAfter);
    }

    public boolean isAuthenticated() {
        return user != null;
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
