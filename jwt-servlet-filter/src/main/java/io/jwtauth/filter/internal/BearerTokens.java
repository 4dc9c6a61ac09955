package io.jwtauth.filter.internal;

import io.jwtauth.core.flow.Credential;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Finds the access token of a request in the configured places: the {@code Authorization: Bearer} header
 * (always first), then, for a request without any {@code Authorization} header, the browser transport's cookie
 * ({@link BrowserCookies}, with its CSRF check), then optionally a query parameter, a plain cookie, or a form
 * field. Every entry point (the filter, the container's module, the adapters) asks this one class. Immutable and
 * thread-safe.
 */
public final class BearerTokens {
    /** Where a request's access token may be found, besides the {@code Authorization} header. */
    public enum Source { HEADER, QUERY, COOKIE, FORM }

    private final Set<Source> sources;
    private final String queryParameter;
    private final String cookieName;
    private final String formField;
    /** The browser transport, or {@code null} when {@code jwtauth.cookies} is off. */
    private final BrowserCookies browserCookies;

    public BearerTokens(Set<Source> sources, String queryParameter, String cookieName, String formField,
                        BrowserCookies browserCookies) {
        this.browserCookies = browserCookies;
        this.sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
        this.queryParameter = queryParameter;
        this.cookieName = cookieName;
        this.formField = formField;
    }

    /** The token of the request, from the header first, then the configured other sources. */
    public Credential find(HttpServletRequest request) {
        Credential header = fromAuthorizationHeader(request);
        if (!header.isNone()) {
            return header;
        }
        if (browserCookies != null && request.getHeader("Authorization") == null) {
            Credential cookie = browserCookies.credential(request);
            if (!cookie.isNone()) {
                return cookie;
            }
        }
        if (sources.contains(Source.QUERY)) {
            String token = queryParameter(request.getQueryString(), queryParameter);
            if (token != null && !token.isEmpty()) {
                return Credential.token(token);
            }
        }
        if (sources.contains(Source.COOKIE) && request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (cookieName.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return Credential.token(cookie.getValue());
                }
            }
        }
        if (sources.contains(Source.FORM) && "POST".equals(request.getMethod()) && request.getContentType() != null
                && request.getContentType().startsWith("application/x-www-form-urlencoded")) {
            String token = request.getParameter(formField);
            if (token != null && !token.isEmpty()) {
                return Credential.token(token);
            }
        }
        return Credential.NONE;
    }

    /** The browser transport, or {@code null} when it is off. */
    public BrowserCookies browserCookies() {
        return browserCookies;
    }

    /**
     * The bearer token of the Authorization header: none for no header or another scheme (Basic, say), malformed
     * for {@code Bearer} without exactly one space and one non-empty token after it.
     */
    public static Credential fromAuthorizationHeader(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return Credential.NONE;
        }
        if (header.length() < 8 || header.charAt(6) != ' ') {
            return Credential.MALFORMED;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? Credential.MALFORMED : Credential.token(token);
    }

    /** One parameter of a raw query string, decoded, without touching the request body; {@code null} if absent or undecodable. */
    public static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                try {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
