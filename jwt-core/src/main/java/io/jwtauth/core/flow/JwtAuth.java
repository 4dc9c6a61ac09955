package io.jwtauth.core.flow;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.external.ExternalIssuer;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.SessionStoreFactory;
import io.jwtauth.core.spi.StoreProviderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one way to start jwtauth, for every host (the servlet filter, the JASPIC module, a non-servlet
 * application, tests):
 * <pre>{@code
 * AuthService auth = JwtAuth.builder()
 *         .settings(Map.of("jwtauth.key.secret", secret, "jwtauth.jdbc.url", url))
 *         .build();
 * }</pre>
 * It does what every host needs the same way: reads {@code jwtauth.config-file} under the given settings,
 * refuses keys nobody reads (a typo must not silently leave a default in force), validates every setting once,
 * creates the provider that {@code jwtauth.provider} names (unless one is given), instantiates
 * {@code jwtauth.listeners}, and builds the {@link AuthService}. Every bad setting is a {@link ConfigException}
 * naming its key.
 */
public final class JwtAuth {
    private JwtAuth() {
    }

    private static final String CLASSPATH = "classpath:";

    public static Builder builder() {
        return new Builder();
    }

    /** Configures and builds an {@link AuthService}. Not thread-safe; build once. */
    public static final class Builder {
        private final Map<String, String> raw = new HashMap<>();
        private Settings base = Settings.of(Map.of());
        private final Set<String> hostKeys = new HashSet<>();
        private final List<AuthEventListener> listeners = new ArrayList<>();
        private StoreProvider provider;
        private Clock clock = Clock.systemUTC();
        private ManualPolling manualPolling;
        private Settings resolved;
        private Function<String, InputStream> webResources;
        private int containerThreads;

        private Builder() {
        }

        /**
         * How the host opens its own resources, for a {@code jwtauth.config-file} under {@code /WEB-INF/} (the filter:
         * the web application's). Returns {@code null} for a resource that is not there.
         */
        public Builder webResources(Function<String, InputStream> opener) {
            this.webResources = Objects.requireNonNull(opener, "opener");
            resolved = null;
            return this;
        }

        /** A {@code jwtauth.*} setting, as it would appear in {@code web.xml}; later calls win. */
        public Builder setting(String key, String value) {
            raw.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            resolved = null;
            return this;
        }

        public Builder settings(Map<String, String> values) {
            values.forEach(this::setting);
            return this;
        }

        /** Settings already read (their references resolved); values given as strings win over them. */
        public Builder settings(Settings settings) {
            this.base = Objects.requireNonNull(settings, "settings");
            resolved = null;
            return this;
        }

        /** Keys the host itself reads (the filter's paths, say): accepted here, validated by the host. */
        public Builder hostKeys(Set<String> keys) {
            hostKeys.addAll(keys);
            resolved = null;
            return this;
        }

        /** Use this provider instead of the one {@code jwtauth.provider} names; the service closes it. */
        public Builder provider(StoreProvider storeProvider) {
            this.provider = Objects.requireNonNull(storeProvider, "provider");
            resolved = null;
            return this;
        }

        public Builder listener(AuthEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The time source for token lifetimes and checks (default: the system UTC clock). */
        public Builder clock(Clock time) {
            this.clock = Objects.requireNonNull(time, "clock");
            return this;
        }

        /** No background threads: the host reads the change feed through {@code polling}. */
        public Builder pollManually(ManualPolling polling) {
            this.manualPolling = Objects.requireNonNull(polling, "polling");
            return this;
        }

        /**
         * The settings as the service will read them: the config file merged under the given values, unknown
         * keys refused. For a host that reads its own keys ({@link #hostKeys}) from the same place.
         */
        public Settings resolvedSettings() {
            if (resolved == null) {
                Settings settings = withConfigFile(Settings.of(raw).withDefaults(valuesOf(base)));
                Set<String> known = new HashSet<>(AuthSettings.KEYS);
                known.addAll(hostKeys);
                known.addAll(ExternalIssuer.keysIn(settings));
                if (provider == null) {
                    known.addAll(providerFactory(settings).settingKeys());
                } else {
                    // A provider given in code: its keys may still be set, whichever provider it is.
                    ServiceLoader.load(StoreProviderFactory.class, JwtAuth.class.getClassLoader())
                            .forEach(factory -> known.addAll(factory.settingKeys()));
                }
                ServiceLoader.load(SessionStoreFactory.class, JwtAuth.class.getClassLoader())
                        .forEach(factory -> known.addAll(factory.settingKeys()));
                settings.rejectUnknown(known);
                resolved = settings;
            }
            return resolved;
        }

        /** Validates everything, then starts the service; a {@link ConfigException} names the first bad key. */
        /**
         * The request threads of the container that runs jwtauth, where the host can tell: waiting logins each hold
         * one, so {@code jwtauth.login.max-waiting} defaults to a quarter of them and may not exceed half.
         * 0 (the default) for unknown.
         */
        public Builder containerThreads(int threads) {
            this.containerThreads = Math.max(0, threads);
            return this;
        }

        public AuthService build() {
            Settings settings = resolvedSettings();
            AuthSettings authSettings = AuthSettings.from(settings, containerThreads);
            List<AuthEventListener> all = new ArrayList<>(listeners);
            all.addAll(instantiateListeners(settings.list(AuthSettings.LISTENERS)));
            SessionStoreFactory sessionsElsewhere = sessionStoreFactory(settings);
            StoreProvider stores = provider != null ? provider : providerFactory(settings).create(settings);
            if (sessionsElsewhere != null) {
                try {
                    stores = stores.withSessionsIn(sessionsElsewhere.create(settings));
                } catch (RuntimeException | Error e) {
                    stores.close();
                    throw e;
                }
            }
            try {
                return new AuthService(authSettings, stores, all, clock, manualPolling);
            } catch (RuntimeException | Error e) {
                stores.close();
                throw e;
            }
        }

        /**
         * The store {@code jwtauth.sessions.store} names, or one whose own setting asks for it (a Redis URL); {@code null}
         * for the identity store's provider (the default).
         */
        private static SessionStoreFactory sessionStoreFactory(Settings settings) {
            String name = settings.get(AuthSettings.SESSIONS_STORE).orElse(null);
            Set<String> available = new TreeSet<>();
            for (SessionStoreFactory factory : ServiceLoader.load(SessionStoreFactory.class, JwtAuth.class.getClassLoader())) {
                if (name == null ? factory.chosenBy(settings) : factory.name().equals(name)) {
                    return factory;
                }
                available.add(factory.name());
            }
            if (name == null || name.equals("provider")) {
                return null;
            }
            throw new ConfigException(AuthSettings.SESSIONS_STORE, "no session store named '" + name + "' on the class path; "
                    + "'provider' keeps sessions with the identity store" + (available.isEmpty()
                    ? " (add jwt-provider-redis to the application for redis)" : "; available: " + available));
        }

        private static StoreProviderFactory providerFactory(Settings settings) {
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

        /**
         * Adds the keys of {@code jwtauth.config-file} that are not set directly. The value names one of three
         * places: {@code classpath:name} a class-path resource (in a web application, {@code WEB-INF/classes} or a
         * jar), {@code /WEB-INF/…} a web-application resource (read through {@link #webResources}), anything else
         * a file-system path.
         */
        private Settings withConfigFile(Settings settings) {
            String file = settings.get(AuthSettings.CONFIG_FILE).orElse(null);
            if (file == null) {
                return settings;
            }
            Properties properties = new Properties();
            try (InputStream in = openConfigFile(file); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (ConfigException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(AuthSettings.CONFIG_FILE, "cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")", e);
            }
            Map<String, String> fromFile = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> fromFile.put(name, properties.getProperty(name)));
            // Each value's ${...} references are resolved once, where it was written.
            return settings.withDefaults(valuesOf(Settings.of(fromFile)));
        }

        private InputStream openConfigFile(String file) throws IOException {
            InputStream found;
            String where;
            if (file.startsWith(CLASSPATH)) {
                String name = file.substring(CLASSPATH.length()).replaceFirst("^/+", "");
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                found = context != null ? context.getResourceAsStream(name) : null;
                if (found == null) {
                    found = JwtAuth.class.getClassLoader().getResourceAsStream(name);
                }
                where = "no class-path resource " + name;
            } else if (file.startsWith("/WEB-INF/")) {
                if (webResources == null) {
                    throw new ConfigException(AuthSettings.CONFIG_FILE, "'" + file + "' is a web-application resource, which only "
                            + "the servlet filter can read; give a file-system path or classpath:name here");
                }
                found = webResources.apply(file);
                where = "no such resource in the web application";
            } else {
                return Files.newInputStream(Path.of(file));
            }
            if (found == null) {
                throw new ConfigException(AuthSettings.CONFIG_FILE, "cannot read '" + file + "' (" + where + "; /WEB-INF/… is "
                        + "the web application's, classpath:name its class path, anything else a file-system path)");
            }
            return found;
        }

        private static Map<String, String> valuesOf(Settings settings) {
            Map<String, String> values = new HashMap<>();
            settings.keys().forEach(key -> values.put(key, settings.get(key).orElseThrow()));
            return values;
        }

        private static List<AuthEventListener> instantiateListeners(List<String> classNames) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : JwtAuth.class.getClassLoader();
            List<AuthEventListener> created = new ArrayList<>();
            for (String className : classNames) {
                try {
                    Class<?> type = Class.forName(className, true, loader);
                    created.add((AuthEventListener) type.getDeclaredConstructor().newInstance());
                } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                    throw new ConfigException(AuthSettings.LISTENERS, "'" + className
                            + "' must be a public class implementing AuthEventListener with a public no-argument constructor", e);
                }
            }
            return created;
        }
    }
}
