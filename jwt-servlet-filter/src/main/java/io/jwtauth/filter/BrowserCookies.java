package io.jwtauth.filter;

import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.TokenResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * The browser transport ({@code jwtauth.cookies=on}): the session's tokens in three cookies instead of JavaScript,
 * and the CSRF defence that cookies need.
 *
 * <ul>
 *   <li>{@value #ACCESS} (HttpOnly, Path=/) holds the access token, {@value #RENEWAL} (HttpOnly, Path={base}) the
 *       renewal token, {@value #CSRF} (readable by the page, Path=/) the CSRF token; all Secure and SameSite=Strict,
 *       kept until the session's renewal deadline.</li>
 *   <li>The CSRF token is bound to the session's current access token: base64url(SHA-256("jwtauth-csrf:" + access
 *       token)). Another site cannot compute it without the HttpOnly token, every node can check it without shared
 *       state, and it rotates with the access token at every renewal.</li>
 *   <li>An unsafe request (anything but GET, HEAD, OPTIONS) authenticated by the cookie must carry the CSRF token in
 *       {@value #CSRF_HEADER} and, when the browser says where it came from, come from the same origin: {@code
 *       Sec-Fetch-Site: same-origin}, or else an {@code Origin} equal to the request's own.</li>
 * </ul>
 * A request with an {@code Authorization} header never reaches this class: the header alone counts, and no CSRF
 * check applies. Immutable and thread-safe.
 */
final class BrowserCookies {
    public static final String ACCESS = "__Host-jwtauth-access";
    public static final String RENEWAL = "__Secure-jwtauth-renewal";
    public static final String CSRF = "__Host-jwtauth-csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** A sign-in in progress at an identity provider: its signed state, sent back with the provider's redirect only. */
    public static final String SIGN_IN = "__Secure-jwtauth-signin";
    /** The provider's ID token of a session signed in there, for its logout ({@code id_token_hint}); endpoints only. */
    public static final String ID_TOKEN = "__Secure-jwtauth-idtoken";
    private static final byte[] CSRF_LABEL = "jwtauth-csrf:".getBytes(StandardCharsets.US_ASCII);
    /** A cookie holding more than a browser keeps (4 KiB) was not set by us. */
    private static final int MAX_COOKIE_VALUE = 4096;
    /** A {@code Host} header: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
    private static final java.util.regex.Pattern HOST =
            java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final String endpointsBase;
    private final ClientRequests clients;

    public BrowserCookies(String endpointsBase, ClientRequests clients) {
        this.endpointsBase = endpointsBase;
        this.clients = clients;
    }

    /**
     * The credential the access cookie gives a request that has no {@code Authorization} header: none, the token,
     * or {@link Credential#CROSS_SITE} for an unsafe request that did not prove it came from the application's page.
     */
    public Credential credential(HttpServletRequest request) {
        String token = cookie(request, ACCESS);
        if (token == null) {
            return Credential.NONE;
        }
        return isSafe(request.getMethod()) || fromOwnPage(request, token) ? Credential.token(token) : Credential.CROSS_SITE;
    }

    /** Whether the request carries the CSRF token of {@code accessToken} and, where the browser tells, came from our origin. */
    public boolean fromOwnPage(HttpServletRequest request, String accessToken) {
        return sameOrigin(request) && csrfTokenMatches(request.getHeader(CSRF_HEADER), accessToken);
    }

    /**
     * Whether the browser says the request came from a page of this origin: {@code Sec-Fetch-Site} when sent (every
     * current browser sends it, and pages cannot forge it), else {@code Origin}; a request with neither (not from a
     * browser's page script or form) is left to the CSRF token.
     */
    public boolean sameOrigin(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return fetchSite.equals("same-origin");
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        // "null" (a sandboxed or file: page) and anything that is no origin are another origin.
        return origin.contains("://") && withPort(origin.toLowerCase(Locale.ROOT)).equals(ownOrigin(request));
    }

    /** The CSRF token of an access token (see the class comment). */
    public static String csrfToken(String accessToken) {
        MessageDigest sha256 = sha256();
        sha256.update(CSRF_LABEL);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
    }

    private static boolean csrfTokenMatches(String presented, String accessToken) {
        if (presented == null || presented.length() != 43) {
            return false;
        }
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                csrfToken(accessToken).getBytes(StandardCharsets.US_ASCII));
    }

    /** The access cookie's value, or {@code null}. */
    public String accessToken(HttpServletRequest request) {
        return cookie(request, ACCESS);
    }

    /** The renewal cookie's value, or {@code null}. */
    public String renewalToken(HttpServletRequest request) {
        return cookie(request, RENEWAL);
    }

    /** Sets the three cookies for a session's new tokens; returns the CSRF token for the reply body. */
    public String issue(HttpServletRequest request, HttpServletResponse response, TokenResponse tokens, Instant now) {
        long maxAge = Math.max(1, tokens.renewalDeadline().getEpochSecond() - now.getEpochSecond());
        String csrf = csrfToken(tokens.accessToken());
        response.addHeader("Set-Cookie", setCookie(ACCESS, tokens.accessToken(), "/", true, maxAge));
        response.addHeader("Set-Cookie", setCookie(RENEWAL, tokens.renewalToken(), renewalPath(request), true, maxAge));
        response.addHeader("Set-Cookie", setCookie(CSRF, csrf, "/", false, maxAge));
        return csrf;
    }

    /** Tells the browser to drop the session's cookies (and the ID token of a provider's sign-in, if any). */
    public void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", setCookie(ACCESS, "", "/", true, 0));
        response.addHeader("Set-Cookie", setCookie(RENEWAL, "", renewalPath(request), true, 0));
        response.addHeader("Set-Cookie", setCookie(CSRF, "", "/", false, 0));
        if (cookie(request, ID_TOKEN) != null) {
            response.addHeader("Set-Cookie", setCookie(ID_TOKEN, "", renewalPath(request), true, 0));
        }
    }

    /**
     * Keeps a sign-in's state until the provider redirects back. {@code SameSite=Lax}: that redirect is a top-level
     * navigation from the provider's site, which a {@code Strict} cookie would not go with; Lax cookies go with GET only.
     */
    public void setSignInState(HttpServletRequest request, HttpServletResponse response, String state, long maxAgeSeconds) {
        response.addHeader("Set-Cookie", setCookie(SIGN_IN, state, signInPath(request), true, maxAgeSeconds, "Lax"));
    }

    public String signInState(HttpServletRequest request) {
        return cookie(request, SIGN_IN);
    }

    public void clearSignInState(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", setCookie(SIGN_IN, "", signInPath(request), true, 0, "Lax"));
    }

    /** Keeps the provider's ID token for the session's logout, when it fits in a cookie (else the logout goes without it). */
    public void setIdToken(HttpServletRequest request, HttpServletResponse response, String idToken, long maxAgeSeconds) {
        if (idToken != null && idToken.length() <= MAX_COOKIE_VALUE && isAscii(idToken)) {
            response.addHeader("Set-Cookie", setCookie(ID_TOKEN, idToken, renewalPath(request), true, maxAgeSeconds));
        }
    }

    public String idToken(HttpServletRequest request) {
        return cookie(request, ID_TOKEN);
    }

    private String signInPath(HttpServletRequest request) {
        return renewalPath(request) + "/oidc/";
    }

    /** The renewal cookie goes to the endpoints only, under the web application's context path. */
    private String renewalPath(HttpServletRequest request) {
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? endpointsBase : context + endpointsBase;
    }

    private static String setCookie(String name, String value, String path, boolean httpOnly, long maxAge) {
        return setCookie(name, value, path, httpOnly, maxAge, "Strict");
    }

    private static String setCookie(String name, String value, String path, boolean httpOnly, long maxAge, String sameSite) {
        // Written by hand: the Servlet 5 Cookie API, the lowest we compile against, has no SameSite.
        return name + '=' + value + "; Path=" + path + "; Max-Age=" + maxAge + (httpOnly ? "; HttpOnly" : "")
                + "; Secure; SameSite=" + sameSite;
    }

    /**
     * {@code scheme://host[:port]} of this request exactly as the browser wrote its {@code Host} (no port added): the
     * origin of the redirect URIs registered at a provider, which compares them as strings. {@code null} without a
     * usable {@code Host}.
     */
    public String requestOrigin(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isEmpty() || host.length() > 255 || !HOST.matcher(host).matches()) {
            return null;
        }
        return (clients.isSecure(request) ? "https" : "http") + "://" + host.toLowerCase(Locale.ROOT);
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                String value = cookie.getValue();
                return value == null || value.isEmpty() || value.length() > MAX_COOKIE_VALUE || !isAscii(value) ? null : value;
            }
        }
        return null;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    /** {@code scheme://host:port} of this request as the browser addressed it, lower case, with the port always given. */
    private String ownOrigin(HttpServletRequest request) {
        String scheme = clients.isSecure(request) ? "https" : "http";
        String host = request.getHeader("Host");
        if (host == null || host.isEmpty()) {
            return null;
        }
        return withPort(scheme + "://" + host.toLowerCase(Locale.ROOT));
    }

    /** Both sides of the comparison with an explicit port, so that {@code https://a} equals {@code https://a:443}. */
    private static String withPort(String origin) {
        int authority = origin.indexOf("://") + 3;
        int close = origin.lastIndexOf(']');
        int colon = origin.lastIndexOf(':');
        if (colon >= authority && colon > close) {
            return origin;
        }
        return origin + (origin.startsWith("https:") ? ":443" : ":80");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
