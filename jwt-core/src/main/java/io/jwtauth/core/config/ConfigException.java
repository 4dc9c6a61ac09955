package io.jwtauth.core.config;

/**
 * A configuration value that is missing or invalid. The message always starts with the key, then says
 * what is accepted, so that an operator reading a failed start-up log knows what to change. Secret values
 * are never included.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
