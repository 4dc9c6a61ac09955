package io.jwtauth.filter.internal;

import io.jwtauth.filter.FilterSettings;
import io.jwtauth.filter.FilterSettings.TokenSource;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Finds the access token of a request in the configured places: the {@code Authorization: Bearer} header
 * (always first), then optionally a query parameter, a cookie, or a form field. Immutable and thread-safe.
 */
public final class BearerTokens {
    /** Returned (by identity) when a bearer header is present but malformed. */
    public static final String MALFORMED = new String("malformed bearer credentials");

    private final Set<TokenSource> sources;
    private final String queryParameter;
    private final String cookieName;
    private final String formField;

    public BearerTokens(FilterSettings settings) {
        this.sources = settings.tokenSources();
        this.queryParameter = settings.queryParameter();
        this.cookieName = settings.cookieName();
        this.formField = settings.formField();
    }

    /** The token, {@link #MALFORMED}, or {@code null} when the request carries none. */
    public String find(HttpServletRequest request) {
        String token = fromAuthorizationHeader(request);
        if (token != null) {
            return token;
        }
        if (sources.contains(TokenSource.QUERY)) {
            token = queryParameter(request.getQueryString(), queryParameter);
            if (token != null && !token.isEmpty()) {
                return token;
            }
        }
        if (sources.contains(TokenSource.COOKIE) && request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (cookieName.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return cookie.getValue();
                }
            }
        }
        if (sources.contains(TokenSource.FORM) && "POST".equals(request.getMethod()) && request.getContentType() != null
                && request.getContentType().startsWith("application/x-www-form-urlencoded")) {
            token = request.getParameter(formField);
            if (token != null && !token.isEmpty()) {
                return token;
            }
        }
        return null;
    }

    /** The bearer token of the Authorization header; {@code null} for none or another scheme. */
    public static String fromAuthorizationHeader(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return null;
        }
        if (header.length() < 6 || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        if (header.length() < 8 || header.charAt(6) != ' ') {
            return MALFORMED;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? MALFORMED : token;
    }

    /** One parameter of a raw query string, decoded, without touching the request body. */
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
