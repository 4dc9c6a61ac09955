package io.jwtauth.core;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.StoreProviderFactory;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Entry point of jwtauth core. Typical use (what the servlet filter does at {@code init()}):
 * <pre>{@code
 * Settings settings = Settings.of(initParameters);
 * StoreProviderFactory factory = JwtAuth.providerFactory(settings);
 * settings.rejectUnknown(JwtAuth.knownKeys(factory, filterKeys));
 * AuthService auth = AuthService.builder(AuthSettings.from(settings), factory.create(settings)).build();
 * }</pre>
 */
public final class JwtAuth {
    private JwtAuth() {
    }

    /** The provider factory named by {@code jwtauth.provider} (default {@code jdbc}), via {@link ServiceLoader}. */
    public static StoreProviderFactory providerFactory(Settings settings) {
        String name = settings.string(AuthSettings.PROVIDER, "jdbc");
        Set<String> available = new TreeSet<>();
        for (StoreProviderFactory factory : ServiceLoader.load(StoreProviderFactory.class, JwtAuth.class.getClassLoader())) {
            if (factory.name().equals(name)) {
                return factory;
            }
            available.add(factory.name());
        }
        throw new ConfigException(AuthSettings.PROVIDER, "no provider named '" + name + "' on the class path"
                + (available.isEmpty() ? " (none found: add jwt-provider-jdbc to the application)" : "; available: " + available));
    }

    /** Every key core, the provider and {@code extraKeys} read: the set to pass to {@link Settings#rejectUnknown}. */
    public static Set<String> knownKeys(StoreProviderFactory factory, Set<String> extraKeys) {
        Set<String> keys = new HashSet<>(AuthSettings.KEYS);
        if (factory != null) {
            keys.addAll(factory.settingKeys());
        }
        keys.addAll(extraKeys);
        return keys;
    }

    /** The keys of every provider on the class path (for a provider supplied in code, whose keys may still be set). */
    public static Set<String> allProviderKeys() {
        Set<String> keys = new HashSet<>();
        for (StoreProviderFactory factory : ServiceLoader.load(StoreProviderFactory.class, JwtAuth.class.getClassLoader())) {
            keys.addAll(factory.settingKeys());
        }
        return keys;
    }

}
