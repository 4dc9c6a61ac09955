package io.jwtauth.core.keys;

/** A key that cannot be used: malformed, too weak, for another purpose, or inconsistent. */
public final class KeyImportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public KeyImportException(String message) {
        super(message);
    }

    public KeyImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
