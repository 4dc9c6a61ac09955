package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.SignInCallback;
import io.jwtauth.core.flow.SignInResult;
import io.jwtauth.core.flow.SignInStart;
import io.jwtauth.core.tokens.SignInStates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * Sign-in through an identity provider, for browsers: {@code GET {base}/oidc/<name>/login?return=<local path>} sends the
 * browser to the provider with a fresh state kept in a cookie, and {@code GET {base}/oidc/<name>/callback} finishes it
 * (core checks the state, exchanges the code and checks the ID token) and opens the session with the cookie transport.
 * With {@code jwtauth.browser-login} it also sends page requests that come without credentials to the provider
 * ({@link #redirectToSignIn}). Thread-safe.
 */
final class SignInEndpoints {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SignInEndpoints.class);

    private final AuthService auth;
    private final BrowserCookies browser;
    private final ErrorResponses errors;
    private final ClientRequests clients;
    private final Clock clock;
    /** {@code {base}/oidc/}. */
    private final String prefix;
    /** The provider of {@code jwtauth.browser-login}, or {@code null}. */
    private final String browserLogin;

    /**
     * The sign-in endpoints the settings ask for, or {@code null} without providers that have a client id. Sign-in needs
     * the cookie transport: the session it opens lives in the browser's cookies. {@code jwtauth.browser-login} must name
     * a provider browsers can sign in through.
     */
    static SignInEndpoints forSettings(AuthService auth, FilterSettings settings, ErrorResponses errors,
                                                   ClientRequests clients, Clock clock) {
        String browserLogin = settings.browserLogin();
        if (browserLogin != null && !auth.signInProviders().contains(browserLogin)) {
            throw new ConfigException(FilterSettings.BROWSER_LOGIN, "names no identity provider browsers can sign in through: set "
                    + "jwtauth.external." + browserLogin + ".client-id (those with one: " + auth.signInProviders() + "), was '"
                    + browserLogin + "'");
        }
        if (auth.signInProviders().isEmpty()) {
            return null;
        }
        BrowserCookies browser = settings.bearerTokens().browserCookies();
        if (browser == null) {
            if (browserLogin != null) {
                throw new ConfigException(FilterSettings.BROWSER_LOGIN, "needs " + FilterSettings.COOKIES + "=on: the session a "
                        + "sign-in opens lives in the browser transport's cookies");
            }
            LOG.warn("jwtauth: identity providers {} have a client-id, but browsers cannot sign in through them while {} is off "
                    + "(the session a sign-in opens lives in the browser transport's cookies); their sign-in endpoints are not served",
                    auth.signInProviders(), FilterSettings.COOKIES);
            return null;
        }
        SignInEndpoints endpoints = new SignInEndpoints(auth, browser, errors, clients, clock, settings.endpointsBase(), browserLogin);
        endpoints.describe(settings.endpointsBase());
        return endpoints;
    }

    SignInEndpoints(AuthService auth, BrowserCookies browser, ErrorResponses errors, ClientRequests clients, Clock clock,
                    String endpointsBase, String browserLogin) {
        this.auth = auth;
        this.browser = browser;
        this.errors = errors;
        this.clients = clients;
        this.clock = clock;
        this.prefix = endpointsBase + "/oidc/";
        this.browserLogin = browserLogin;
    }

    /** Serves {@code path} if it is a sign-in endpoint; returns whether it did. */
    boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!path.startsWith(prefix)) {
            return false;
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        String provider = slash < 0 ? rest : rest.substring(0, slash);
        String step = slash < 0 ? "" : rest.substring(slash + 1);
        try {
            if (!step.equals("login") && !step.equals("callback")) {
                throw new AuthException(AuthError.INVALID_REQUEST, "no such sign-in endpoint");
            }
            if (!"GET".equals(request.getMethod())) {
                response.setHeader("Allow", "GET");
                throw new AuthException(AuthError.METHOD_NOT_ALLOWED, request.getMethod() + " on a sign-in endpoint");
            }
            if (!provider.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new AuthException(AuthError.INVALID_REQUEST, "no such identity provider");
            }
            String origin = browser.requestOrigin(request);
            if (origin == null) {
                throw new AuthException(AuthError.INVALID_REQUEST, "no usable Host header");
            }
            String redirectUri = origin + contextPath(request) + prefix + provider + "/callback";
            if (step.equals("login")) {
                start(provider, redirectUri, request, response);
            } else {
                callback(provider, redirectUri, request, response);
            }
        } catch (AuthException refusal) {
            errors.send(response, refusal);
        }
        return true;
    }

    private void start(String provider, String redirectUri, HttpServletRequest request, HttpServletResponse response) {
        String returnTo = query(request, "return");
        SignInStart start = auth.startSignIn(provider, returnTo == null ? contextPath(request) + "/" : returnTo, redirectUri);
        browser.setSignInState(request, response, start.stateCookie(), SignInStates.LIFETIME.toSeconds());
        redirect(response, start.authorizationUrl().toString());
    }

    private void callback(String provider, String redirectUri, HttpServletRequest request, HttpServletResponse response) {
        // The state is single use: the cookie goes whatever the outcome.
        browser.clearSignInState(request, response);
        SignInCallback callback = new SignInCallback(query(request, "code"), query(request, "state"), query(request, "error"),
                browser.signInState(request), redirectUri);
        SignInResult result = auth.finishSignIn(provider, callback, clients.clientInfo(request));
        Instant now = clock.instant();
        browser.issue(request, response, result.tokens(), now);
        browser.setIdToken(request, response, result.idToken(),
                Math.max(1, result.tokens().renewalDeadline().getEpochSecond() - now.getEpochSecond()));
        redirect(response, result.returnPath());
    }

    /**
     * {@code jwtauth.browser-login}: a page request (GET or HEAD asking for HTML) that came without credentials goes to
     * the provider's sign-in, returning to where it was going; returns whether it did. Other clients keep their 401.
     */
    boolean redirectToSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PageAnswer answer = signInAnswer(request);
        if (answer == null) {
            return false;
        }
        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        if (answer.location() != null) {
            response.setHeader("Location", answer.location());
            response.setContentLength(0);
        } else {
            byte[] page = answer.html().getBytes(StandardCharsets.UTF_8);
            response.setHeader("Content-Security-Policy", "default-src 'none'");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setContentType("text/html;charset=UTF-8");
            response.setContentLength(page.length);
            response.getOutputStream().write(page);
        }
        return true;
    }

    /** What a page request without credentials gets with {@code jwtauth.browser-login}: a redirect or a page; else null. */
    PageAnswer signInAnswer(HttpServletRequest request) {
        if (browserLogin == null || !isPageRequest(request)) {
            return null;
        }
        String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (target.startsWith("//") || target.indexOf('\\') >= 0 || target.length() > 2048) {
            target = contextPath(request) + "/";
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            // A navigation that came through another site (a link elsewhere, or the provider's redirect after a sign-in)
            // goes without the SameSite=Strict session cookies. Going on from a page of our own sends them: a signed-in
            // browser stays here, and only one truly without a session goes to the provider, with no loop between them.
            String escaped = htmlEscape(target);
            return new PageAnswer(200, null, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" "
                    + "content=\"0;url=" + escaped + "\"><title>Continue</title></head><body><a href=\"" + escaped
                    + "\">Continue</a></body></html>");
        }
        return new PageAnswer(302, contextPath(request) + prefix + browserLogin + "/login?return="
                + URLEncoder.encode(target, StandardCharsets.UTF_8), null);
    }

    private static String htmlEscape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * A page request's answer: a redirect ({@code location}) or an HTML page that navigates on by itself ({@code html}),
     * sent with {@code Cache-Control: no-store}, and with the page a {@code Content-Security-Policy} of {@code
     * default-src 'none'}.
     */
    public record PageAnswer(int status, String location, String html) {
    }

    private static boolean isPageRequest(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) && accept != null && accept.contains("text/html")
                && request.getHeader("Authorization") == null;
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(302);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(0);
    }

    private static String contextPath(HttpServletRequest request) {
        String context = request.getContextPath();
        return context == null ? "" : context;
    }

    private static String query(HttpServletRequest request, String name) {
        String value = BearerTokens.queryParameter(request.getQueryString(), name);
        return value == null || value.length() > 4096 ? null : value;
    }

    /** Logged once at start, so that operators see where providers must send browsers back to. */
    void describe(String endpointsBase) {
        LOG.info("jwtauth: browsers sign in through {} at {}/oidc/<name>/login; register {}/oidc/<name>/callback (on this "
                + "application's origin and context path) as the redirect URI at each provider{}", auth.signInProviders(), endpointsBase,
                endpointsBase, browserLogin == null ? "" : "; page requests without credentials go to " + browserLogin);
    }
}
