package io.jwtauth.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.TokenResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The endpoints' browser transport ({@code jwtauth.cookies=on}): a login that asks for {@code "transport":"cookie"} gets
 * the tokens as cookies ({@link BrowserCookies}) and a body without them; renewal and logout by cookie need the CSRF token
 * of the access cookie, sent from this origin's own page. Thread-safe.
 */
final class CookieTransport {
    private final BrowserCookies browser;
    private final AuthService auth;
    private final ClientRequests clients;
    private final Clock clock;

    CookieTransport(BrowserCookies browser, AuthService auth, ClientRequests clients, Clock clock) {
        this.browser = browser;
        this.auth = auth;
        this.clients = clients;
        this.clock = clock;
    }

    /**
     * Whether a login asks for the browser transport: {@code "transport":"cookie"} ({@code "bearer"} or nothing is
     * the token reply). A login from another origin's page is refused: it would sign the user in to an account of the
     * attacker's choosing. {@code cookies} is {@code null} when the transport is off.
     */
    static boolean wanted(CookieTransport cookies, WireProfile profile, JsonNode body, HttpServletRequest request) {
        String transport = JsonBodies.optionalField(body, "transport");
        if (transport == null || transport.equals("bearer")) {
            return false;
        }
        if (!transport.equals("cookie")) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'transport' must be bearer or cookie");
        }
        if (cookies == null || !profile.servesBrowsers()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "the cookie transport is off (jwtauth.cookies)");
        }
        if (!cookies.browser.sameOrigin(request)) {
            throw new AuthException(AuthError.CSRF, "cookie login from another origin");
        }
        return true;
    }

    /** Whether a renewal or logout comes by cookie: no {@code Authorization} header, and one of the session's cookies. */
    boolean presentedBy(HttpServletRequest request) {
        return request.getHeader("Authorization") == null
                && (browser.accessToken(request) != null || browser.renewalToken(request) != null);
    }

    /** Renewal by the browser's cookies: the access and renewal cookies, and the CSRF header of the access token. */
    TokenResponse renew(HttpServletRequest request) {
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
    void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accessToken = confirmedAccessCookie(request, "logout");
        String idToken = browser.idToken(request);
        browser.clear(request, response); // kept by a refusal too: the browser drops cookies of a dead session
        auth.logout(accessToken, WireProfile.logoutOfAllSessions(request), clients.clientInfo(request));
        String origin = browser.requestOrigin(request);
        URI endSession = origin == null ? null : auth.endSessionUrl(accessToken, idToken,
                origin + (request.getContextPath() == null ? "" : request.getContextPath()) + "/");
        if (endSession == null) {
            JsonReplies.sendLoggedOut(response);
            return;
        }
        JsonReplies.sendTokens(response, WireProfile.object(json -> {
            json.writeBooleanField("success", true);
            json.writeStringField("endSessionUrl", endSession.toString());
        }));
    }

    /** The browser transport's reply to a login or renewal: the cookies, and a body without tokens. */
    void reply(HttpServletRequest request, HttpServletResponse response, TokenResponse tokens, boolean login) throws IOException {
        Instant now = clock.instant();
        String csrfToken = browser.issue(request, response, tokens, now);
        JsonReplies.sendTokens(response, WireProfile.object(json -> {
            if (login) {
                json.writeStringField("userId", tokens.userId());
                json.writeStringField("displayName", tokens.displayName());
            }
            json.writeNumberField("expiresIn", Math.max(0, tokens.accessExpiresAt().getEpochSecond() - now.getEpochSecond()));
            json.writeStringField("csrfToken", csrfToken);
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
}
