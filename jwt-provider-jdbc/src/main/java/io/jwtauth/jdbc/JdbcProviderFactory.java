package io.jwtauth.jdbc;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.StoreProviderFactory;
import java.util.Set;

/** {@code jwtauth.provider=jdbc}: found by {@link java.util.ServiceLoader}. */
public final class JdbcProviderFactory implements StoreProviderFactory {
    /** For the service loader. */
    public JdbcProviderFactory() {
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public Set<String> settingKeys() {
        return JdbcSettings.KEYS;
    }

    @Override
    public StoreProvider create(Settings settings) {
        return JdbcStores.create(settings);
    }
}
