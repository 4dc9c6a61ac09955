package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthEventListener;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.spi.StoreProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

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
    /** Answers requests that arrive before {@code init()} or after {@code destroy()}. */
    private static final ErrorResponses NOT_RUNNING = new ErrorResponses("jwtauth");
    /** Large enough for any real web.xml; the rest of a larger one is not read. */
    private static final int MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024;

    private final Map<String, String> codeSettings;
    private final StoreProvider codeProvider;
    private final List<AuthEventListener> codeListeners;

    /** Everything built at {@code init()}, published at once; {@code null} while not running. */
    private record Running(AuthService auth, Endpoints endpoints, ErrorResponses errors, BearerTokens tokens,
                           PathRules rules, JmxMetrics jmx, ContainerAuthentication container, Runnable unpublish) {
        // No servlet type as a component: the Eclipse Transformer leaves a record's component descriptors
        // unrenamed, and the javax variant would keep a jakarta reference.
    }

    private volatile Running running;

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

    /**
     * jwtauth's user of a request (user id, session, roles, claims), however many wrappers other filters put
     * around it after jwtauth's: Spring Security's, for one, answers {@code getUserPrincipal()} with its own
     * {@code Authentication}. Empty when the request carries no valid token.
     */
    public static Optional<AuthenticatedUser> currentUser(ServletRequest request) {
        ServletRequest at = request;
        while (at instanceof ServletRequestWrapper wrapper) {
            if (at instanceof AuthenticatedRequest authenticated) {
                return Optional.of(authenticated.user());
            }
            at = wrapper.getRequest();
        }
        // The container's own request: when the container authenticates through jwtauth, its principal is the user.
        return at instanceof HttpServletRequest http && http.getUserPrincipal() instanceof AuthenticatedUser user
                ? Optional.of(user) : Optional.empty();
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        ServletContext context = config.getServletContext();
        warnIfLogIsDropped(context);
        try {
            byte[] descriptorBytes = null;
            if (context != null) {
                try (InputStream descriptor = context.getResourceAsStream("/WEB-INF/web.xml")) {
                    descriptorBytes = descriptor == null ? null : descriptor.readNBytes(MAX_DESCRIPTOR_BYTES);
                }
                WebXmlReferences.check(descriptorBytes == null ? null : new ByteArrayInputStream(descriptorBytes));
            }
            WebXmlDescriptor descriptor = WebXmlDescriptor.read(descriptorBytes);
            Map<String, String> raw = new HashMap<>(codeSettings);
            for (Enumeration<String> names = config.getInitParameterNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                raw.put(name, config.getInitParameter(name));
            }
            JwtAuth.Builder builder = JwtAuth.builder().settings(raw).hostKeys(FilterSettings.KEYS)
                    .containerThreads(ContainerThreads.maxThreads());
            if (context != null) {
                builder.webResources(context::getResourceAsStream); // jwtauth.config-file=/WEB-INF/…
            }
            if (codeProvider != null) {
                builder.provider(codeProvider);
            }
            codeListeners.forEach(builder::listener);
            Settings settings = builder.resolvedSettings();
            // The filter's own settings first: a bad path rule should not cost a database connection.
            FilterSettings filterSettings = FilterSettings.from(settings);
            AuthService service = builder.build();
            ErrorResponses errors = new ErrorResponses(filterSettings.realm());
            Endpoints endpoints = new Endpoints(service, filterSettings, errors, filterSettings.clientRequests(), Clock.systemUTC());
            JmxMetrics jmx = JmxMetrics.register(config.getFilterName(), service);
            ApplicationLogin applicationLogin = applicationLogin(filterSettings, descriptor, context, service, errors);
            ContainerAuthentication container = new ContainerAuthentication(service, filterSettings.bearerTokens(), errors,
                    filterSettings.endpointsBase(), applicationLogin, endpoints);
            if (filterSettings.containerAuth() && context != null && context.getAttribute(ContainerAuthentication.HANDLED) == null) {
                String message = descriptor.orderingLeavesJarsOut()
                        ? "jwtauth: " + FilterSettings.CONTAINER_AUTH + "=true, but web.xml's <absolute-ordering> leaves jwtauth's jar "
                        + "out, so the container never ran jwtauth's initializer: it does not authenticate bearer tokens and web.xml "
                        + "constraints let no one in. Add <others/> inside <absolute-ordering> (jwtauth's jar has no fragment name)"
                        : "jwtauth: " + FilterSettings.CONTAINER_AUTH + "=true, but the container did not see it before the "
                        + "filter started, so it does not authenticate bearer tokens and web.xml constraints let no one in: set it "
                        + "as an init-param of this filter in web.xml (not in jwtauth.config-file or in code); an embedded container "
                        + "needs its own adapter (see the README)";
                LOG.warn(message);
                context.log(message);
            }
            Runnable unpublish = context == null ? () -> { } : () -> ContainerAuthentication.unpublish(context, container);
            this.running = new Running(service, endpoints, errors, filterSettings.bearerTokens(), filterSettings.pathRules(), jmx,
                    container, unpublish);
            if (context != null) {
                // Lets the application reach the flow (metrics, logout-all from its own pages) without a static.
                context.setAttribute(AuthService.class.getName(), service);
                // And the container's security layer, when it authenticates bearer tokens (jwtauth.container-auth).
                container.publish(context);
            }
            AuthSettings authSettings = service.settings();
            LOG.info("jwtauth: filter ready; endpoints under {}, issuer '{}', {} key ({}); settings: {}",
                    filterSettings.endpointsBase(), authSettings.issuer(), authSettings.signingAlgorithm(),
                    authSettings.keySource(), settings.describe());
        } catch (ConfigException e) {
            LOG.error("jwtauth: invalid configuration: {}", e.getMessage());
            throw new ServletException("jwtauth: invalid configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ServletException("jwtauth: cannot read /WEB-INF/web.xml: " + e.getMessage(), e);
        }
    }

    /**
     * The application's own FORM or BASIC login, which jwtauth's module runs in container-enforced mode; {@code null}
     * without one. A login-config it cannot run, or a container where the module cannot run one, stops the start.
     */
    private static ApplicationLogin applicationLogin(FilterSettings settings, WebXmlDescriptor descriptor, ServletContext context,
                                                     AuthService service, ErrorResponses errors) {
        if (!settings.containerAuth()) {
            return null;
        }
        WebXmlDescriptor.LoginConfig login = descriptor.loginConfig(FilterSettings.CONTAINER_AUTH);
        if (login.method() == WebXmlDescriptor.LoginConfig.Method.NONE) {
            return null;
        }
        if (login.method() == WebXmlDescriptor.LoginConfig.Method.PROVIDER) {
            // Keycloak's adapters' login: the sign-in at the provider, which jwtauth.browser-login runs for page requests.
            if (settings.browserLogin() == null) {
                throw new ConfigException(FilterSettings.BROWSER_LOGIN, "must name the identity provider to sign in at: web.xml's "
                        + "<login-config> asks for a provider's login (KEYCLOAK or OIDC); set it to the <name> of the "
                        + "jwtauth.external.<name>.* keys that have a client-id");
            }
            LOG.info("jwtauth: web.xml's <login-config> asks for a provider's login: page requests without credentials to "
                    + "constrained resources go to {}'s sign-in", settings.browserLogin());
            return null;
        }
        if (context != null && context.getAttribute(ContainerAuthentication.HANDLED) != null
                && !Boolean.TRUE.equals(context.getAttribute(ContainerAuthentication.RUNS_LOGIN_CONFIG))) {
            throw new ConfigException(FilterSettings.CONTAINER_AUTH, "web.xml's <login-config> (" + login.method() + ") cannot be "
                    + "run by jwtauth in this container (" + context.getServerInfo() + "): its authentication hook cannot show a "
                    + "login page or a challenge. Tomcat 9 to 11 and Jetty 12 ee9 can; see the README's container matrix");
        }
        LOG.info("jwtauth: the application's {} login runs against jwtauth's identity store for requests without a token",
                login.method());
        return new ApplicationLogin(service, login, errors, settings.clientRequests());
    }

    /**
     * A plain WAR often has no SLF4J provider, and then every jwtauth line (a start-up failure, a missing table,
     * the audit log) is silently dropped. The servlet context log is the container's own, always written.
     */
    private static void warnIfLogIsDropped(ServletContext context) {
        if (context != null && LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            context.log("jwtauth: no SLF4J provider is bound, so jwtauth's log (start-up errors, the audit log) is dropped; "
                    + "add one to WEB-INF/lib, e.g. org.slf4j:slf4j-jdk14 to write to the container's log (see the README)");
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request) || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        Running now = running;
        if (now == null) {
            NOT_RUNNING.send(response, AuthError.UNAVAILABLE);
            return;
        }
        String path = pathOf(request);
        HttpServletRequest next;
        try {
            if (now.endpoints().handle(path, request, response)) {
                return;
            }
            next = authenticate(now, path, request, response);
        } catch (RuntimeException | Error failure) {
            // No exception of jwtauth's ever reaches the container (its error page could show a stack trace).
            now.errors().sendServerError(response, failure, request.getMethod() + " " + path);
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
    private static HttpServletRequest authenticate(Running now, String path, HttpServletRequest request,
                                                   HttpServletResponse response) throws IOException {
        Admission admission = now.auth().admit(now.tokens().find(request), now.rules().requirementFor(path));
        if (admission.isRefused()) {
            // jwtauth.browser-login: a page request without credentials goes to the provider's sign-in instead.
            if (admission.refusal() != AuthError.NO_TOKEN || !now.endpoints().redirectToSignIn(request, response)) {
                now.errors().send(response, admission.refusal(), admission.retryAfter());
            }
            return null;
        }
        return admission.isAuthenticated() ? new AuthenticatedRequest(request, admission.user()) : request;
    }

    /** The context-relative path, decoded and normalised by the container. */
    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null) {
            // The common case needs no new string.
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        return servletPath == null ? pathInfo : servletPath + pathInfo;
    }

    /** The running service (for tests, metrics and code that wants to call the flow directly); {@code null} when not running. */
    public AuthService authService() {
        Running now = running;
        return now == null ? null : now.auth();
    }

    /** Unpublishes the metrics, stops the background tasks and closes the provider. Safe to call more than once. */
    @Override
    public void destroy() {
        Running stopped = running;
        running = null;
        if (stopped != null) {
            stopped.unpublish().run();
            stopped.jmx().close();
            stopped.auth().close();
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
