package io.jwtauth.core.spi;

import io.jwtauth.core.config.Settings;
import java.util.Set;

/**
 * Creates a {@link StoreProvider} from the flat configuration. Found by {@link java.util.ServiceLoader}
 * and chosen by {@code jwtauth.provider=<name>}; register implementations in
 * {@code META-INF/services/io.jwtauth.core.spi.StoreProviderFactory}.
 */
public interface StoreProviderFactory {
    /** The value of {@code jwtauth.provider} that selects this factory, e.g. {@code jdbc}. */
    String name();

    /** Every configuration key this provider reads, so unknown keys can be refused at start-up. */
    Set<String> settingKeys();

    /** Builds the provider, or throws {@link io.jwtauth.core.config.ConfigException} naming a bad key. */
    StoreProvider create(Settings settings);
}
