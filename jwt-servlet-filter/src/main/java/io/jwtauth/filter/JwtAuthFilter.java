package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthEventListener;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    /** Answers requests that arrive before {@code init()} or after {@code destroy()}. */
    private static final ErrorResponses NOT_RUNNING = new ErrorResponses("jwtauth");

    private final Map<String, String> codeSettings;
    private final StoreProvider codeProvider;
    private final List<AuthEventListener> codeListeners;

    /** Everything built at {@code init()}, published at once; {@code null} while not running. */
    private volatile RunningFilter running;

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
        this.running = FilterStartup.start(config, codeSettings, codeProvider, codeListeners);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request) || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        RunningFilter now = running;
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
    private static HttpServletRequest authenticate(RunningFilter now, String path, HttpServletRequest request,
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
        RunningFilter now = running;
        return now == null ? null : now.auth();
    }

    /** Unpublishes the metrics, stops the background tasks and closes the provider. Safe to call more than once. */
    @Override
    public void destroy() {
        RunningFilter stopped = running;
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
