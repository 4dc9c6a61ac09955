package io.jwtauth.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.SessionOptions;
import io.jwtauth.core.flow.TokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * The HTTP contract's endpoints: {@code POST {base}/login}, {@code POST {base}/extendtoken},
 * {@code POST|GET {base}/logout[?all=true]} and {@code GET /.well-known/jwks.json}. Each wire profile chosen at start
 * ({@link WireProfile}: jwtauth's own, and DNN's with {@code jwtauth.compat=dnn}) says which paths it answers and in
 * which format; the steps behind them are one. With {@code jwtauth.cookies=on} jwtauth's own profile also serves the
 * browser transport ({@link BrowserCookies}): a login asking for {@code "transport":"cookie"}, and renewal and logout
 * by cookie with the CSRF token. Thread-safe.
 */
final class Endpoints {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Endpoints.class);
    private static final byte[] LOGOUT_BODY = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

    private final AuthService auth;
    private final ErrorResponses errors;
    private final ClientRequests clients;
    private final Clock clock;
    private final boolean requireHttps;
    private final JsonBodies bodies;
    /** The wire profiles in the order their paths are tried. */
    private final WireProfile[] profiles;
    private final String jwksPath;
    private final byte[] jwks;
    /** The browser transport, or {@code null} when {@code jwtauth.cookies} is off. */
    private final BrowserCookies browser;
    /** Reads the access token and the DPoP proof of a request. */
    private final BearerTokens tokens;
    /** {@code {base}/backchannel-logout/}: where identity providers push their logouts. */
    private final String backchannelPrefix;
    /** Browser sign-in through identity providers, or {@code null} without providers that have a client id. */
    private final SignInEndpoints signIns;

    public Endpoints(AuthService auth, FilterSettings settings, ErrorResponses errors, ClientRequests clients, Clock clock) {
        this.auth = auth;
        this.errors = errors;
        this.clients = clients;
        this.clock = clock;
        this.requireHttps = settings.requireHttps();
        this.bodies = new JsonBodies(settings.maxBodyBytes());
        StandardProfile standard = new StandardProfile(settings.endpointsBase());
        this.profiles = settings.dnnCompat() ? new WireProfile[] {new DnnProfile(), standard} : new WireProfile[] {standard};
        this.jwksPath = settings.jwksPath();
        String publicJwks = auth.publicJwks();
        this.jwks = publicJwks == null ? null : publicJwks.getBytes(StandardCharsets.UTF_8);
        this.browser = settings.bearerTokens().browserCookies();
        this.tokens = settings.bearerTokens();
        this.backchannelPrefix = settings.endpointsBase() + "/backchannel-logout/";
        this.signIns = signInEndpoints(auth, settings, errors, clients, clock);
    }

    /**
     * Sign-in needs the cookie transport: the session it opens lives in the browser's cookies. {@code jwtauth.browser-login}
     * must name a provider browsers can sign in through.
     */
    private static SignInEndpoints signInEndpoints(AuthService auth, FilterSettings settings, ErrorResponses errors,
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

    /**
     * {@code jwtauth.browser-login}: sends a page request without credentials to the provider's sign-in (302) instead of
     * its 401; returns whether it did.
     */
    public boolean redirectToSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return signIns != null && signIns.redirectToSignIn(request, response);
    }

    /** {@link #redirectToSignIn}'s answer, for an adapter that writes responses through a container's own API; else null. */
    public SignInEndpoints.PageAnswer signInAnswer(HttpServletRequest request) {
        return signIns == null ? null : signIns.signInAnswer(request);
    }

    /** Serves the request if {@code path} is an endpoint; returns whether it did. */
    public boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (path.startsWith(backchannelPrefix)) {
            backchannelLogout(path.substring(backchannelPrefix.length()), request, response);
            return true;
        }
        if (signIns != null && signIns.handle(path, request, response)) {
            return true;
        }
        for (WireProfile profile : profiles) {
            WireProfile.Action action = profile.actionFor(path);
            if (action != null) {
                serve(profile, action, request, response);
                return true;
            }
        }
        if (jwks == null || !path.equals(jwksPath)) {
            return false;
        }
        try {
            requireMethod(request, response, "GET", "HEAD");
            JsonReplies.send(response, 200, "public, max-age=300", jwks, !"HEAD".equals(request.getMethod()));
        } catch (AuthException refusal) {
            errors.send(response, refusal);
        }
        return true;
    }

    private void serve(WireProfile profile, WireProfile.Action action, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            requireMethod(request, response, profile.methods(action));
            boolean byCookie = profile.servesBrowsers() && browser != null && request.getHeader("Authorization") == null
                    && (browser.accessToken(request) != null || browser.renewalToken(request) != null);
            switch (action) {
                case LOGIN -> {
                    requireHttps(request);
                    JsonNode body = bodies.read(request, response);
                    if (wantsCookies(profile, body, request)) {
                        // A browser's session is not DPoP-bound: its cookies are the transport (see the README).
                        TokenResponse tokens = login(body, request, SessionOptions.DEFAULT);
                        writeBrowserReply(request, response, tokens, true);
                    } else {
                        writeTokens(response, profile.tokens(login(body, request, options(profile, request)), clock.instant()));
                    }
                }
                case RENEW -> {
                    requireHttps(request);
                    if (byCookie) {
                        writeBrowserReply(request, response, renewByCookie(request), false);
                    } else {
                        writeTokens(response, profile.tokens(renew(request, response, profile), clock.instant()));
                    }
                }
                default -> {
                    if (byCookie) {
                        logoutByCookie(request, response);
                    } else {
                        logout(request, response);
                    }
                }
            }
        } catch (AuthException refusal) {
            profile.refuse(errors, response, refusal);
        }
    }

    /** How the profile's tokens are issued, and the DPoP proof the request carries (if any) to bind them to. */
    private SessionOptions options(WireProfile profile, HttpServletRequest request) {
        return new SessionOptions(profile.plainTokenType(), tokens.dpopRequest(request));
    }

    private TokenResponse login(JsonNode body, HttpServletRequest request, SessionOptions options) {
        String username = JsonBodies.field(body, "u", "username");
        String password = JsonBodies.field(body, "p", "password");
        char[] secret = password.toCharArray();
        try {
            // Core throttles (per user, per address, password checks at once) and audits.
            return auth.login(username, secret, clients.clientInfo(request), options);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /**
     * Whether a login asks for the browser transport: {@code "transport":"cookie"} ({@code "bearer"} or nothing is
     * the token reply). A login from another origin's page is refused: it would sign the user in to an account of the
     * attacker's choosing.
     */
    private boolean wantsCookies(WireProfile profile, JsonNode body, HttpServletRequest request) {
        String transport = JsonBodies.optionalField(body, "transport");
        if (transport == null || transport.equals("bearer")) {
            return false;
        }
        if (!transport.equals("cookie")) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'transport' must be bearer or cookie");
        }
        if (browser == null || !profile.servesBrowsers()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "the cookie transport is off (jwtauth.cookies)");
        }
        if (!browser.sameOrigin(request)) {
            throw new AuthException(AuthError.CSRF, "cookie login from another origin");
        }
        return true;
    }

    /** Renewal by the browser's cookies: the access and renewal cookies, and the CSRF header of the access token. */
    private TokenResponse renewByCookie(HttpServletRequest request) {
        String accessToken = confirmedAccessCookie(request, "extendtoken");
        String renewalToken = browser.renewalToken(request);
        if (renewalToken == null) {
            throw new AuthException(AuthError.BAD_TOKEN, "extendtoken by cookie without the renewal cookie");
        }
        return auth.renew(accessToken, renewalToken, clients.clientInfo(request));
    }

    /**
     * Logout by the browser's cookies: the session ends and the cookies are cleared, also when the session had ended. A
     * session signed in at an identity provider also answers the provider's end-session URL, for the page to follow.
     */
    private void logoutByCookie(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accessToken = confirmedAccessCookie(request, "logout");
        String idToken = browser.idToken(request);
        browser.clear(request, response); // kept by a refusal too: the browser drops cookies of a dead session
        boolean all = "true".equalsIgnoreCase(queryParameter(request, "all"));
        auth.logout(accessToken, all, clients.clientInfo(request));
        String origin = browser.requestOrigin(request);
        URI endSession = origin == null ? null : auth.endSessionUrl(accessToken, idToken,
                origin + (request.getContextPath() == null ? "" : request.getContextPath()) + "/");
        if (endSession == null) {
            JsonReplies.send(response, 200, JsonReplies.NO_STORE, LOGOUT_BODY, true);
            return;
        }
        writeTokens(response, WireProfile.object(json -> {
            json.writeBooleanField("success", true);
            json.writeStringField("endSessionUrl", endSession.toString());
        }));
    }

    /** The access cookie of a renewal or logout by cookie, which must come with its CSRF token from our own page. */
    private String confirmedAccessCookie(HttpServletRequest request, String endpoint) {
        String accessToken = browser.accessToken(request);
        if (accessToken == null) {
            throw new AuthException(AuthError.BAD_JWT, endpoint + " by cookie without the access cookie");
        }
        if (!browser.fromOwnPage(request, accessToken)) {
            throw new AuthException(AuthError.CSRF, endpoint + " by cookie without the CSRF token, or from another origin");
        }
        return accessToken;
    }

    /** The browser transport's reply: the cookies, and a body without tokens. */
    private void writeBrowserReply(HttpServletRequest request, HttpServletResponse response, TokenResponse tokens, boolean login)
            throws IOException {
        Instant now = clock.instant();
        String csrfToken = browser.issue(request, response, tokens, now);
        writeTokens(response, WireProfile.object(json -> {
            if (login) {
                json.writeStringField("userId", tokens.userId());
                json.writeStringField("displayName", tokens.displayName());
            }
            json.writeNumberField("expiresIn", Math.max(0, tokens.accessExpiresAt().getEpochSecond() - now.getEpochSecond()));
            json.writeStringField("csrfToken", csrfToken);
        }));
    }

    /** The access token comes as {@code Bearer} or {@code DPoP}; without one, the profile's refusal. */
    private TokenResponse renew(HttpServletRequest request, HttpServletResponse response, WireProfile profile) throws IOException {
        Credential accessToken = tokens.authorization(request);
        if (!accessToken.isToken()) {
            throw new AuthException(profile.renewalWithoutBearer(), "extendtoken without an access token");
        }
        JsonNode body = bodies.read(request, response);
        String renewalToken = JsonBodies.field(body, "rtoken", "renewalToken");
        return auth.renew(accessToken.token(), renewalToken, clients.clientInfo(request), options(profile, request));
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Credential accessToken = tokens.authorization(request);
        if (!accessToken.isToken()) {
            throw new AuthException(AuthError.BAD_JWT, "logout without an access token");
        }
        boolean all = "true".equalsIgnoreCase(queryParameter(request, "all"));
        auth.logout(accessToken.token(), all, clients.clientInfo(request), tokens.dpopRequest(request));
        JsonReplies.send(response, 200, JsonReplies.NO_STORE, LOGOUT_BODY, true);
    }

    /**
     * {@code POST {base}/backchannel-logout/<provider>} (OpenID Connect Back-Channel Logout 1.0): form field
     * {@code logout_token}; 200 once the logout is recorded, 400 {@code invalid_request} for a bad token (nothing is
     * revoked), 404-like {@code invalid_request} for a provider that takes none.
     */
    private void backchannelLogout(String provider, HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            requireMethod(request, response, "POST");
            requireHttps(request);
            if (!provider.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new AuthException(AuthError.INVALID_REQUEST, "no such identity provider");
            }
            String logoutToken = bodies.formField(request, response, "logout_token");
            auth.backchannelLogout(provider, logoutToken, clients.clientInfo(request));
            JsonReplies.send(response, 200, JsonReplies.NO_STORE, LOGOUT_BODY, true);
        } catch (AuthException refusal) {
            // A provider's logout that does not take effect is something an operator must hear of.
            LOG.warn("jwtauth: refused a back-channel logout for provider '{}': {}", provider.length() > 64 ? "(bad name)" : provider,
                    refusal.getMessage());
            errors.send(response, refusal);
        }
    }

    private void requireMethod(HttpServletRequest request, HttpServletResponse response, String... allowed) {
        for (String method : allowed) {
            if (method.equals(request.getMethod())) {
                return;
            }
        }
        response.setHeader("Allow", String.join(", ", allowed));
        throw new AuthException(AuthError.METHOD_NOT_ALLOWED, request.getMethod() + " on an endpoint");
    }

    private void requireHttps(HttpServletRequest request) {
        if (requireHttps && !clients.isSecure(request) && !clients.isLoopback(request)) {
            throw new AuthException(AuthError.HTTPS_REQUIRED, "credentials over plain HTTP from " + clients.address(request));
        }
    }

    private static String queryParameter(HttpServletRequest request, String name) {
        return BearerTokens.queryParameter(request.getQueryString(), name);
    }

    private static void writeTokens(HttpServletResponse response, byte[] body) throws IOException {
        response.setHeader("Pragma", "no-cache");
        JsonReplies.send(response, 200, JsonReplies.NO_STORE, body, true);
    }
}
