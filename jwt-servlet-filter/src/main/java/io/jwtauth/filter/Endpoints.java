package io.jwtauth.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.SessionOptions;
import io.jwtauth.core.flow.TokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * The HTTP contract's endpoints: {@code POST {base}/login}, {@code POST {base}/extendtoken},
 * {@code POST|GET {base}/logout[?all=true]} and {@code GET /.well-known/jwks.json}. Each wire profile chosen at start
 * ({@link WireProfile}: jwtauth's own, and DNN's with {@code jwtauth.compat=dnn}) says which paths it answers and in
 * which format; the steps behind them are one. With {@code jwtauth.cookies=on} jwtauth's own profile also serves the
 * browser transport ({@link CookieTransport}): a login asking for {@code "transport":"cookie"}, and renewal and logout
 * by cookie with the CSRF token. Thread-safe.
 */
final class Endpoints {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Endpoints.class);

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
    /** The browser transport's endpoint steps, or {@code null} when {@code jwtauth.cookies} is off. */
    private final CookieTransport cookies;
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
        BrowserCookies browser = settings.bearerTokens().browserCookies();
        this.cookies = browser == null ? null : new CookieTransport(browser, auth, clients, clock);
        this.tokens = settings.bearerTokens();
        this.backchannelPrefix = settings.endpointsBase() + "/backchannel-logout/";
        this.signIns = SignInEndpoints.forSettings(auth, settings, errors, clients, clock);
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
            boolean byCookie = profile.servesBrowsers() && cookies != null && cookies.presentedBy(request);
            switch (action) {
                case LOGIN -> {
                    requireHttps(request);
                    JsonNode body = bodies.read(request, response);
                    if (CookieTransport.wanted(cookies, profile, body, request)) {
                        // A browser's session is not DPoP-bound: its cookies are the transport (see the README).
                        cookies.reply(request, response, login(body, request, SessionOptions.DEFAULT), true);
                    } else {
                        JsonReplies.sendTokens(response, profile.tokens(login(body, request, options(profile, request)), clock.instant()));
                    }
                }
                case RENEW -> {
                    requireHttps(request);
                    if (byCookie) {
                        cookies.reply(request, response, cookies.renew(request), false);
                    } else {
                        JsonReplies.sendTokens(response, profile.tokens(renew(request, response, profile), clock.instant()));
                    }
                }
                default -> {
                    if (byCookie) {
                        cookies.logout(request, response);
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
        auth.logout(accessToken.token(), WireProfile.logoutOfAllSessions(request), clients.clientInfo(request), tokens.dpopRequest(request));
        JsonReplies.sendLoggedOut(response);
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
            JsonReplies.sendLoggedOut(response);
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
}
