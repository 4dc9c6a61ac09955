package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.JwtAuth;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthEventListener;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.StoreProviderFactory;
import io.jwtauth.filter.endpoints.Endpoints;
import io.jwtauth.filter.errors.ErrorResponses;
import io.jwtauth.filter.internal.BearerTokens;
import io.jwtauth.filter.internal.ClientRequests;
import io.jwtauth.filter.rules.PathRules;
import io.jwtauth.filter.wrapper.AuthenticatedRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drop-in filter. Map it to {@code /*} in {@code web.xml} and configure it with {@code jwtauth.*}
 * init parameters (or {@code jwtauth.config-file}, or {@link #builder()} in code). It serves the login,
 * extendtoken, logout and JWKS endpoints, and authenticates every other request:
 * <ul>
 *   <li>a valid token → the request is wrapped so that {@code getUserPrincipal()}, {@code getRemoteUser()},
 *       {@code isUserInRole()} and {@code getAuthType()} answer from it, and the chain continues;</li>
 *   <li>no token → the path rules decide: {@code 401 no-token} on protected paths, else continue;</li>
 *   <li>a bad token → {@code 401} on protected paths; ignored (anonymous) on public ones.</li>
 * </ul>
 *
 * <p>{@code init()} validates everything and fails with a {@link ServletException} naming the bad key.
 * {@code destroy()} stops the poller and closes the provider; it may be called more than once.
 * Thread-safe after {@code init()}.
 */
public final class JwtAuthFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthFilter.class);

    private final Map<String, String> codeSettings;
    private final StoreProvider codeProvider;
    private final List<AuthEventListener> codeListeners;

    private volatile AuthService auth;
    private volatile Endpoints endpoints;
    private volatile ErrorResponses errors;
    private volatile BearerTokens tokens;
    private volatile PathRules rules;
    private volatile javax.management.ObjectName mbeanName;

    /** For {@code web.xml}: all configuration comes from init parameters. */
    public JwtAuthFilter() {
        this(Map.of(), null, List.of());
    }

    private JwtAuthFilter(Map<String, String> settings, StoreProvider provider, List<AuthEventListener> listeners) {
        this.codeSettings = Map.copyOf(settings);
        this.codeProvider = provider;
        this.codeListeners = List.copyOf(listeners);
    }

    /** Configures a filter in code (for {@code ServletContext.addFilter}); init parameters still apply on top. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        try {
            Map<String, String> raw = new HashMap<>(codeSettings);
            for (Enumeration<String> names = config.getInitParameterNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                raw.put(name, config.getInitParameter(name));
            }
            Settings settings = Settings.of(raw);
            settings = withConfigFile(settings, raw);
            StoreProviderFactory factory = codeProvider == null ? JwtAuth.providerFactory(settings) : null;
            Set<String> known = new HashSet<>(JwtAuth.knownKeys(factory, FilterSettings.KEYS));
            if (factory == null) {
                known.addAll(JwtAuth.allProviderKeys());
            }
            settings.rejectUnknown(known);
            FilterSettings filterSettings = FilterSettings.from(settings);
            AuthSettings authSettings = AuthSettings.from(settings);
            StoreProvider provider = codeProvider != null ? codeProvider : factory.create(settings);
            AuthService.Builder builder = AuthService.builder(authSettings, provider);
            codeListeners.forEach(builder::listener);
            listeners(filterSettings.listenerClasses()).forEach(builder::listener);
            AuthService service;
            try {
                service = builder.build();
            } catch (RuntimeException e) {
                provider.close();
                throw e;
            }
            ClientRequests clients = filterSettings.clientRequests();
            this.errors = new ErrorResponses(filterSettings.realm());
            this.tokens = new BearerTokens(filterSettings);
            this.rules = filterSettings.pathRules();
            this.endpoints = new Endpoints(service, filterSettings, errors, clients, Clock.systemUTC());
            this.auth = service;
            registerMBean(config.getFilterName(), service);
            if (config.getServletContext() != null) {
                // Lets the application reach the flow (metrics, logout-all from its own pages) without a static.
                config.getServletContext().setAttribute(AuthService.class.getName(), service);
            }
            LOG.info("jwtauth: filter ready; endpoints under {}, issuer '{}', {} key ({}); settings: {}",
                    filterSettings.endpointsBase(), authSettings.issuer(), authSettings.keyRing().signingKey().algorithm(),
                    authSettings.keySource(), settings.describe());
        } catch (ConfigException e) {
            LOG.error("jwtauth: invalid configuration: {}", e.getMessage());
            throw new ServletException("jwtauth: invalid configuration: " + e.getMessage(), e);
        }
    }

    /** Publishes the metrics over JMX; a failure (a name clash, a locked-down server) only costs the metrics. */
    private void registerMBean(String filterName, AuthService service) {
        JwtAuthMetricsMXBean metrics = new JwtAuthMetricsMXBean() {
            @Override
            public long getSessionCacheSize() {
                return service.metrics().sessionCacheSize();
            }

            @Override
            public double getSessionCacheHitRate() {
                return service.metrics().sessionCacheHitRate();
            }

            @Override
            public long getSessionStoreReads() {
                return service.metrics().sessionStoreReads();
            }

            @Override
            public long getTokenCacheSize() {
                return service.metrics().tokenCacheSize();
            }

            @Override
            public long getFeedLagMillis() {
                return service.metrics().feedLag().toMillis();
            }
        };
        try {
            javax.management.ObjectName name = new javax.management.ObjectName("io.jwtauth", new java.util.Hashtable<>(Map.of(
                    "type", "JwtAuthFilter", "name", javax.management.ObjectName.quote(filterName == null ? "jwtauth" : filterName))));
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new javax.management.StandardMBean(metrics, JwtAuthMetricsMXBean.class, true), name);
            this.mbeanName = name;
        } catch (javax.management.JMException | RuntimeException e) {
            LOG.warn("jwtauth: metrics not published over JMX ({})", e.toString());
        }
    }

    /** Adds keys from {@code jwtauth.config-file} that are not set directly. */
    private static Settings withConfigFile(Settings settings, Map<String, String> raw) {
        String file = settings.get(FilterSettings.CONFIG_FILE).orElse(null);
        if (file == null) {
            return settings;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file)); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(FilterSettings.CONFIG_FILE, "cannot read '" + file + "' (" + e.getClass().getSimpleName() + ")", e);
        }
        Map<String, String> merged = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> merged.put(name, properties.getProperty(name)));
        merged.putAll(raw);
        return Settings.of(merged);
    }

    private static List<AuthEventListener> listeners(List<String> classNames) {
        List<AuthEventListener> listeners = new ArrayList<>();
        for (String className : classNames) {
            try {
                Class<?> type = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
                listeners.add((AuthEventListener) type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new ConfigException(FilterSettings.LISTENERS, "'" + className
                        + "' must be a public class implementing AuthEventListener with a public no-argument constructor", e);
            }
        }
        return listeners;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request) || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        AuthService service = auth;
        if (service == null) {
            errors().send(response, AuthError.UNAVAILABLE);
            return;
        }
        String path = pathOf(request);
        HttpServletRequest next;
        try {
            if (endpoints.handle(path, request, response)) {
                return;
            }
            next = authenticate(service, path, request, response);
        } catch (RuntimeException | Error failure) {
            // No exception of jwtauth's ever reaches the container (its error page could show a stack trace).
            errors.sendServerError(response, failure, request.getMethod() + " " + path);
            return;
        }
        if (next != null) {
            chain.doFilter(next, response);
        }
    }

    /**
     * Decides a non-endpoint request: what to pass down the chain (the authenticated wrapper, or the request
     * itself on a path that needs no token), or {@code null} when an error response was sent. The application's
     * own exceptions are not caught: only jwtauth's work is inside {@link #doFilter}'s guard.
     */
    private HttpServletRequest authenticate(AuthService service, String path, HttpServletRequest request,
                                              HttpServletResponse response) throws IOException {
        PathRules.Requirement requirement = rules.requirementFor(path);
        String token = tokens.find(request);
        if (token == null) {
            if (requirement.tokenRequired()) {
                errors.send(response, AuthError.NO_TOKEN);
                return null;
            }
            return request;
        }
        AuthenticatedUser user;
        try {
            if (token == BearerTokens.MALFORMED) {
                throw new AuthException(AuthError.BAD_JWT, "malformed Authorization header");
            }
            user = service.authenticate(token);
        } catch (AuthException refusal) {
            boolean tokenProblem = refusal.error() == AuthError.BAD_JWT || refusal.error() == AuthError.BAD_TOKEN;
            if (!requirement.tokenRequired() && tokenProblem) {
                return request;
            }
            LOG.debug("jwtauth: refused {} {}: {}", request.getMethod(), path, refusal.getMessage());
            errors.send(response, refusal);
            return null;
        }
        if (!requirement.anyOfRoles().isEmpty() && requirement.anyOfRoles().stream().noneMatch(user::hasRole)) {
            errors.send(response, AuthError.FORBIDDEN);
            return null;
        }
        return new AuthenticatedRequest(request, user);
    }

    private ErrorResponses errors() {
        return errors != null ? errors : new ErrorResponses("jwtauth");
    }

    /** The context-relative path, decoded and normalised by the container. */
    private static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            // The common case needs no new string.
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        return servletPath == null ? pathInfo : servletPath + pathInfo;
    }

    /** The running service (for tests, metrics and code that wants to call the flow directly). */
    public AuthService authService() {
        return auth;
    }

    @Override
    public void destroy() {
        javax.management.ObjectName name = mbeanName;
        mbeanName = null;
        if (name != null) {
            try {
                java.lang.management.ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (javax.management.JMException e) {
                LOG.debug("jwtauth: MBean already gone: {}", e.toString());
            }
        }
        AuthService service = auth;
        auth = null;
        if (service != null) {
            service.close();
        }
    }

    /** Configures a {@link JwtAuthFilter} in code. Not thread-safe. */
    public static final class Builder {
        private final Map<String, String> settings = new HashMap<>();
        private final List<AuthEventListener> listeners = new ArrayList<>();
        private StoreProvider provider;

        private Builder() {
        }

        /** A {@code jwtauth.*} setting, as it would appear in {@code web.xml}. */
        public Builder setting(String key, String value) {
            settings.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder settings(Map<String, String> values) {
            values.forEach(this::setting);
            return this;
        }

        /** Use this provider instead of the one {@code jwtauth.provider} names; the filter closes it on destroy. */
        public Builder provider(StoreProvider storeProvider) {
            this.provider = Objects.requireNonNull(storeProvider);
            return this;
        }

        public Builder listener(AuthEventListener listener) {
            listeners.add(Objects.requireNonNull(listener));
            return this;
        }

        public JwtAuthFilter build() {
            return new JwtAuthFilter(settings, provider, listeners);
        }
    }
}
