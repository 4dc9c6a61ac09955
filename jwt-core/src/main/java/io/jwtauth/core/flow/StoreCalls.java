package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.spi.StoreUnavailableException;
import java.util.function.Supplier;

/**
 * The one place where a provider's {@link StoreUnavailableException} becomes the client's {@code unavailable}
 * (503 with {@code Retry-After}). Every store call on the request path goes through here; the feed reader and
 * the purge task, which run off the request path, count and log their failures instead.
 */
final class StoreCalls {

    private StoreCalls() {
    }

    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreUnavailableException e) {
            throw unavailable("store unreachable: " + e.getMessage(), e);
        }
    }

    static void run(Runnable call) {
        try {
            call.run();
        } catch (StoreUnavailableException e) {
            throw unavailable("store unreachable: " + e.getMessage(), e);
        }
    }

    static AuthException unavailable(String detail, Throwable cause) {
        return new AuthException(AuthError.UNAVAILABLE, detail, AuthException.UNAVAILABLE_RETRY_AFTER, cause);
    }
}
