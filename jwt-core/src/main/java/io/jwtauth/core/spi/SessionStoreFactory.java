package io.jwtauth.core.spi;

import io.jwtauth.core.config.Settings;
import java.util.Set;

/**
 * Creates a {@link SessionBackend} from the flat configuration. Found by {@link java.util.ServiceLoader} and chosen by
 * {@code jwtauth.sessions.store=<name>}; register implementations in
 * {@code META-INF/services/io.jwtauth.core.spi.SessionStoreFactory}.
 */
public interface SessionStoreFactory {
    /** The value of {@code jwtauth.sessions.store} that selects this factory, e.g. {@code redis}. */
    String name();

    /** Every configuration key this store reads, so unknown keys can be refused at start-up. */
    Set<String> settingKeys();

    /**
     * Whether {@code settings} ask for this store without naming it: a store's own connection setting may stand for
     * {@code jwtauth.sessions.store} (Redis: {@code jwtauth.redis.url}). The default asks for it by name only.
     */
    default boolean chosenBy(Settings settings) {
        return false;
    }

    /** Builds the backend, or throws {@link io.jwtauth.core.config.ConfigException} naming a bad key. */
    SessionBackend create(Settings settings);
}
