package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.Requirement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Bearer authentication for a container's own security layer, so that the container enforces
 * {@code web.xml} security constraints with jwtauth's tokens: the Jakarta Authentication module that
 * {@code jwtauth.container-auth=true} registers, or an adapter to a container's own SPI (the sample's Jetty
 * {@code Authenticator}). It is the running filter's flow, published by the filter at {@code init()}: one per
 * web application, the same keys, sessions and caches. Thread-safe.
 */
public final class ContainerAuthentication {
    /** Where the container's 401 and 403 pages are served as jwtauth's JSON errors ({@code <error-page>}). */
    public static final String ERROR_PAGE = "/jwtauth/error";
    /**
     * A servlet context attribute saying that something took charge of {@code jwtauth.container-auth} before the
     * filter started: jwtauth's initializer sets it (whether it could register the module or warned that it
     * could not), and so must an adapter to a container's own SPI (the sample's Jetty launcher does). Without it
     * the filter warns: the setting was given where the container cannot see it, and constraints stay closed.
     */
    public static final String HANDLED = ContainerAuthentication.class.getName() + ".handled";
    /**
     * A servlet context attribute ({@code Boolean.TRUE}) saying that jwtauth's Jakarta Authentication module runs in a
     * container where it can write responses, so that it can run the application's own {@code <login-config>}. Set by
     * jwtauth's initializer; where it is missing (Jetty 12 from ee10 on, an adapter to a container's own SPI) a FORM or
     * BASIC login-config stops the start.
     */
    public static final String RUNS_LOGIN_CONFIG = ContainerAuthentication.class.getName() + ".runs-login-config";
    private static final String ATTRIBUTE = ContainerAuthentication.class.getName();
    /** The request attribute holding a refusal for the error page to send (see {@link #deferRefusal}). */
    private static final String DEFERRED_REFUSAL = ContainerAuthentication.class.getName() + ".refusal";
    /** Answers while the filter is not running, when its realm is not known. */
    private static final ErrorResponses NOT_RUNNING = new ErrorResponses("jwtauth");

    private final AuthService auth;
    private final BearerTokens tokens;
    private final ErrorResponses errors;
    private final String endpointsPrefix;
    /** The application's own FORM or BASIC login, for requests without a token; {@code null} when it has none. */
    private final ApplicationLogin applicationLogin;

    /** The endpoints, for {@code jwtauth.browser-login}'s redirect of page requests without credentials. */
    private final io.jwtauth.filter.Endpoints endpoints;

    ContainerAuthentication(AuthService auth, BearerTokens tokens, ErrorResponses errors, String endpointsBase,
                            ApplicationLogin applicationLogin, io.jwtauth.filter.Endpoints endpoints) {
        this.endpoints = endpoints;
        this.auth = auth;
        this.tokens = tokens;
        this.errors = errors;
        this.endpointsPrefix = endpointsBase + "/";
        this.applicationLogin = applicationLogin;
    }

    /**
     * What the container's module should do with a request: hand the caller (and roles) to the container, leave it
     * anonymous, send a refusal, or nothing more because the application's login already answered (its login page,
     * the redirect after it, a BASIC challenge). Immutable.
     */
    public record Verdict(Kind kind, java.security.Principal caller, java.util.Set<String> roles, Admission refusal) {
        /** The four things the module can be told. */
        public enum Kind { CALLER, ANONYMOUS, REFUSED, ANSWERED }

        public static final Verdict ANONYMOUS = new Verdict(Kind.ANONYMOUS, null, java.util.Set.of(), null);
        public static final Verdict ANSWERED = new Verdict(Kind.ANSWERED, null, java.util.Set.of(), null);

        static Verdict caller(io.jwtauth.core.flow.LocalUser user) {
            return new Verdict(Kind.CALLER, user, user.roles(), null);
        }

        static Verdict refused(Admission admission) {
            return new Verdict(Kind.REFUSED, null, java.util.Set.of(), admission);
        }

        static Verdict of(Admission admission) {
            if (admission.isRefused()) {
                return refused(admission);
            }
            return admission.isAuthenticated() ? new Verdict(Kind.CALLER, admission.user(), admission.user().roles(), null) : ANONYMOUS;
        }
    }

    /**
     * The decision for the container's module: a token (header or browser cookie) always decides; without one, a page
     * request to a constrained resource goes to the provider's sign-in with {@code jwtauth.browser-login}, else the
     * application's own {@code <login-config>} (FORM or BASIC) runs when it has one, else the request is refused where
     * the resource is constrained ({@code mandatory}) and anonymous elsewhere. May write the response (then {@link
     * Verdict.Kind#ANSWERED}).
     */
    public Verdict validate(HttpServletRequest request, HttpServletResponse response, boolean mandatory) throws IOException {
        if (!mandatory && JwtAuthFilter.pathOf(request).startsWith(endpointsPrefix)) {
            return Verdict.ANONYMOUS;
        }
        io.jwtauth.core.flow.Credential credential = tokens.find(request);
        if (credential.isNone() && mandatory && endpoints.redirectToSignIn(request, response)) {
            return Verdict.ANSWERED; // jwtauth.browser-login: to the provider's sign-in, before any FORM or BASIC login
        }
        if (applicationLogin == null || !credential.isNone()) {
            return Verdict.of(auth.admit(credential, mandatory ? Requirement.TOKEN : Requirement.OPEN));
        }
        return applicationLogin.validate(request, response, mandatory);
    }

    /** {@code request.logout()}: the application's FORM login forgets the session's user. */
    public void logout(HttpServletRequest request) {
        if (applicationLogin != null) {
            ApplicationLogin.forget(request);
        }
    }

    void publish(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
    }

    static void unpublish(ServletContext context, ContainerAuthentication published) {
        if (context.getAttribute(ATTRIBUTE) == published) {
            context.removeAttribute(ATTRIBUTE);
        }
    }

    /** The running filter's, or {@code null} while the web application's jwtauth filter is not running. */
    public static ContainerAuthentication of(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof ContainerAuthentication running ? running : null;
    }

    /**
     * What the container should do with a request. {@code mandatory} is whether the resource is constrained.
     * On an unconstrained resource a missing or stale token leaves the caller anonymous (as the filter does
     * on a public path); on a constrained one it is refused. jwtauth's own endpoints are never refused here:
     * renewal presents an expired access token on purpose.
     */
    public Admission authenticate(HttpServletRequest request, boolean mandatory) {
        if (!mandatory && JwtAuthFilter.pathOf(request).startsWith(endpointsPrefix)) {
            return Admission.ANONYMOUS;
        }
        return auth.admit(tokens.find(request), mandatory ? Requirement.TOKEN : Requirement.OPEN);
    }

    /**
     * For an adapter that writes through a container's own API: with {@code jwtauth.browser-login}, what a page request
     * to a constrained resource that came without credentials gets (a redirect to the provider's sign-in, or a page that
     * goes on from this origin); {@code null} otherwise, and then the refusal stands.
     */
    public PageAnswer signInAnswer(HttpServletRequest request, Admission verdict) {
        io.jwtauth.filter.SignInEndpoints.PageAnswer answer =
                verdict.isRefused() && verdict.refusal() == AuthError.NO_TOKEN ? endpoints.signInAnswer(request) : null;
        return answer == null ? null : new PageAnswer(answer.status(), answer.location(), answer.html());
    }

    /**
     * A page request's answer ({@link #signInAnswer}): a redirect ({@code location}) or an HTML page ({@code html}), to be
     * sent with {@code Cache-Control: no-store}, and the page with {@code Content-Security-Policy: default-src 'none'}.
     */
    public record PageAnswer(int status, String location, String html) {
    }

    /** Sends the refusal of an {@link Admission} (status, {@code WWW-Authenticate}, JSON body), as the filter would. */
    public void sendRefusal(HttpServletResponse response, Admission verdict) throws IOException {
        errors.send(response, Objects.requireNonNull(verdict.refusal(), "not a refusal"), verdict.retryAfter());
    }

    /**
     * For a container that answers a refusal with a bare status and its error page (Jetty 12's JASPI from ee10
     * on): keeps the refusal with the request, and the {@link ContainerErrorServlet} sends it, status and all.
     */
    public void deferRefusal(HttpServletRequest request, Admission verdict) {
        Objects.requireNonNull(verdict.refusal(), "not a refusal");
        request.setAttribute(DEFERRED_REFUSAL, verdict);
    }

    /** Sends the refusal {@link #deferRefusal} kept with this request; false if there is none. */
    boolean sendDeferredRefusal(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getAttribute(DEFERRED_REFUSAL) instanceof Admission verdict) {
            sendRefusal(response, verdict);
            return true;
        }
        return false;
    }

    /**
     * Sends jwtauth's response for a status the container decided itself: {@code 403} is {@code forbidden} (an
     * authenticated caller without the constraint's role), {@code 401} is {@code no-token}.
     */
    public void sendContainerStatus(HttpServletResponse response, int status) throws IOException {
        if (status == 403) {
            auth.refuseMissingRole(); // the container's own refusal: counted as the gate counts its own
        }
        errors.send(response, status == 403 ? AuthError.FORBIDDEN : AuthError.NO_TOKEN);
    }

    /** Sends {@code 503 unavailable} while the filter is not running ({@link #of} is null). */
    public static void sendNotRunning(HttpServletResponse response) throws IOException {
        NOT_RUNNING.send(response, AuthError.UNAVAILABLE);
    }

    /** {@link #sendServerError} while the filter is not running, when its realm is not known. */
    public static void sendServerErrorNotRunning(HttpServletResponse response, Throwable failure, String where) throws IOException {
        NOT_RUNNING.sendServerError(response, failure, where);
    }

    /** What to answer while the filter is not running ({@link #of} is null): {@code 503 unavailable}. */
    public static ErrorResponse notRunning() {
        ErrorResponses.Refusal refusal = NOT_RUNNING.refusal(AuthError.UNAVAILABLE, null);
        return new ErrorResponse(refusal.status(), refusal.wwwAuthenticate(), refusal.retryAfter(), refusal.jsonBody());
    }

    /** For a layer that writes responses through a container's own API: what {@link #sendRefusal} would send. */
    public ErrorResponse errorResponse(Admission verdict) {
        ErrorResponses.Refusal refusal = errors.refusal(Objects.requireNonNull(verdict.refusal(), "not a refusal"), verdict.retryAfter());
        return new ErrorResponse(refusal.status(), refusal.wwwAuthenticate(), refusal.retryAfter(), refusal.jsonBody());
    }

    /** The unexpected, logged with an incident id that the 500 body carries; never a stack trace to the client. */
    public void sendServerError(HttpServletResponse response, Throwable failure, String where) throws IOException {
        errors.sendServerError(response, failure, where);
    }

    /** One error as jwtauth sends it: status, {@code WWW-Authenticate} and {@code Retry-After} (each or null), JSON body. */
    public record ErrorResponse(int status, String wwwAuthenticate, String retryAfter, String jsonBody) {
    }
}
