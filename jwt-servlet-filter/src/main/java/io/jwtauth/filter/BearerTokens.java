package io.jwtauth.filter;

import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.DpopRequest;
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
final class BearerTokens {
    /** Where a request's access token may be found, besides the {@code Authorization} header. */
    public enum Source { HEADER, QUERY, COOKIE, FORM }

    private final Set<Source> sources;
    private final String queryParameter;
    private final String cookieName;
    private final String formField;
    /** The browser transport, or {@code null} when {@code jwtauth.cookies} is off. */
    private final BrowserCookies browserCookies;
    /** Whether the request came over HTTPS, for the URL a DPoP proof must name. */
    private final ClientRequests clients;

    public BearerTokens(Set<Source> sources, String queryParameter, String cookieName, String formField,
                        BrowserCookies browserCookies, ClientRequests clients) {
        this.browserCookies = browserCookies;
        this.clients = clients;
        this.sources = sources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sources));
        this.queryParameter = queryParameter;
        this.cookieName = cookieName;
        this.formField = formField;
    }

    /** The token of the request, from the header first, then the configured other sources. */
    public Credential find(HttpServletRequest request) {
        Credential header = authorization(request);
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
     * The token of the Authorization header: none for no header or another scheme (Basic, say); for {@code Bearer} the
     * token, for {@code DPoP} the token with the request's proof (RFC 9449 §7.1); malformed for either scheme without
     * exactly one space and one non-empty token after it.
     */
    public Credential authorization(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 4) {
            return Credential.NONE;
        }
        boolean dpop = header.regionMatches(true, 0, "DPoP", 0, 4) && (header.length() == 4 || header.charAt(4) == ' ');
        int schemeLength = dpop ? 4 : 6;
        if (!dpop && (header.length() < 6 || !header.regionMatches(true, 0, "Bearer", 0, 6))) {
            return Credential.NONE;
        }
        if (header.length() < schemeLength + 2 || header.charAt(schemeLength) != ' ') {
            return Credential.MALFORMED;
        }
        String token = header.substring(schemeLength + 1).strip();
        if (token.isEmpty() || token.indexOf(' ') >= 0) {
            return Credential.MALFORMED;
        }
        if (!dpop) {
            return Credential.token(token);
        }
        DpopRequest proof = dpopRequest(request);
        return Credential.dpop(token, proof != null ? proof : new DpopRequest(null, request.getMethod(), requestUrl(request)));
    }

    /**
     * The {@code DPoP} header of a request with what its proof must match, or {@code null} when it has none. A header
     * sent more than once is an empty proof (refused): RFC 9449 §4.3 allows exactly one.
     */
    public DpopRequest dpopRequest(HttpServletRequest request) {
        java.util.Enumeration<String> values = request.getHeaders("DPoP");
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String proof = values.nextElement();
        if (values.hasMoreElements()) {
            proof = "";
        }
        return new DpopRequest(proof, request.getMethod(), requestUrl(request));
    }

    /** The URL the client addressed: scheme (as the outermost trusted proxy saw it), host and port, path; no query. */
    private String requestUrl(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isEmpty()) {
            host = request.getServerName() + ":" + request.getServerPort();
        }
        return (clients.isSecure(request) ? "https" : "http") + "://" + host + request.getRequestURI();
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
