package io.jwtauth.core.spi;

/**
 * The store cannot be reached or did not answer in time. Core answers {@code 503 unavailable} and the
 * client may retry; nothing already committed is affected.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
