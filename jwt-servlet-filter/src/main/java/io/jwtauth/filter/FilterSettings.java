package io.jwtauth.filter;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filter's typed configuration, validated once at {@code init()}; every bad value is a
 * {@link ConfigException} naming its key. Holds the parts built from it (path rules, token lookup, client
 * address rules), so that nothing is rebuilt per request. Immutable.
 */
final class FilterSettings {
    public static final String ENDPOINTS_BASE = "jwtauth.endpoints.base";
    public static final String JWKS_PATH = "jwtauth.endpoints.jwks";
    public static final String REQUIRE_HTTPS = "jwtauth.require-https";
    public static final String TRUST_FORWARDED = "jwtauth.trust-forwarded-headers";
    public static final String PROXY_HOPS = "jwtauth.proxy.hops";
    public static final String PROXY_ADDRESSES = "jwtauth.proxy.addresses";
    public static final String PROXY_HEADER = "jwtauth.proxy.header";
    public static final String MAX_BODY = "jwtauth.max-body-size";
    public static final String REALM = "jwtauth.realm";
    public static final String PUBLIC_PATHS = "jwtauth.paths.public";
    public static final String PROTECTED_PATHS = "jwtauth.paths.protected";
    public static final String ROLE_PATHS = "jwtauth.paths.roles";
    public static final String TOKEN_SOURCES = "jwtauth.token.sources";
    public static final String TOKEN_QUERY_PARAMETER = "jwtauth.token.query-parameter";
    public static final String TOKEN_COOKIE = "jwtauth.token.cookie";
    public static final String TOKEN_FORM_FIELD = "jwtauth.token.form-field";
    /** Read by the container initializer before the filter starts: register jwtauth's Jakarta Authentication module. */
    public static final String CONTAINER_AUTH = "jwtauth.container-auth";
    /** {@code on}: the browser transport, tokens in HttpOnly cookies with CSRF protection ({@code BrowserCookies}). */
    public static final String COOKIES = "jwtauth.cookies";
    /** {@code dnn}: also serve DNN's JwtAuth routes and wire format (the DNN migration profile). */
    public static final String COMPAT = "jwtauth.compat";
    /** An identity provider's name: page requests without credentials go to its sign-in instead of a 401. */
    public static final String BROWSER_LOGIN = "jwtauth.browser-login";

    /** Every key the filter reads (core's are in {@code AuthSettings.KEYS}). */
    public static final Set<String> KEYS = Set.of(ENDPOINTS_BASE, JWKS_PATH, REQUIRE_HTTPS, TRUST_FORWARDED, MAX_BODY,
            REALM, PUBLIC_PATHS, PROTECTED_PATHS, ROLE_PATHS, TOKEN_SOURCES, TOKEN_QUERY_PARAMETER, TOKEN_COOKIE, TOKEN_FORM_FIELD,
            PROXY_HOPS, PROXY_ADDRESSES, PROXY_HEADER, CONTAINER_AUTH, COMPAT, COOKIES, BROWSER_LOGIN);

    private final String endpointsBase;
    private final String jwksPath;
    private final boolean requireHttps;
    private final ClientRequests clientRequests;
    private final int maxBodyBytes;
    private final String realm;
    private final PathRules pathRules;
    private final BearerTokens bearerTokens;
    private final boolean containerAuth;
    private final boolean dnnCompat;
    private final String browserLogin;

    private FilterSettings(Settings settings) {
        this.containerAuth = settings.bool(CONTAINER_AUTH, false);
        String compat = settings.string(COMPAT, "none");
        if (!compat.equals("none") && !compat.equals("dnn")) {
            throw new ConfigException(COMPAT, "must be none or dnn (DNN's routes and wire format), was '" + compat + "'");
        }
        this.dnnCompat = compat.equals("dnn");
        this.browserLogin = settings.get(BROWSER_LOGIN).filter(name -> !name.isBlank()).orElse(null);
        this.endpointsBase = path(settings, ENDPOINTS_BASE, "/auth");
        this.jwksPath = path(settings, JWKS_PATH, "/.well-known/jwks.json");
        this.requireHttps = settings.bool(REQUIRE_HTTPS, true);
        boolean trustForwardedHeaders = settings.bool(TRUST_FORWARDED, false);
        int hops = settings.integer(PROXY_HOPS, 1, 1, 10);
        List<String> proxies = settings.list(PROXY_ADDRESSES);
        for (String proxy : proxies) {
            try {
                ClientRequests.parseCidr(proxy);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(PROXY_ADDRESSES, e.getMessage() + "; give IP addresses or CIDR blocks, e.g. 10.0.0.0/8, ::1", e);
            }
        }
        String headerName = settings.string(PROXY_HEADER, "x-forwarded");
        ClientRequests.ForwardedHeader header = switch (headerName) {
            case "x-forwarded" -> ClientRequests.ForwardedHeader.X_FORWARDED;
            case "forwarded" -> ClientRequests.ForwardedHeader.FORWARDED;
            default -> throw new ConfigException(PROXY_HEADER, "must be x-forwarded (X-Forwarded-For/-Proto) or forwarded (RFC 7239), was '"
                    + headerName + "'");
        };
        this.clientRequests = new ClientRequests(trustForwardedHeaders, header, hops, proxies);
        this.maxBodyBytes = (int) settings.bytes(MAX_BODY, 8 * 1024, 256, 1024 * 1024);
        this.realm = settings.string(REALM, "jwtauth");
        if (!realm.matches("[\\x20-\\x7E&&[^\"\\\\]]{1,64}")) {
            throw new ConfigException(REALM, "must be 1 to 64 printable ASCII characters without quotes or backslashes");
        }
        this.pathRules = PathRules.of(
                new PathRules.Setting(PUBLIC_PATHS, settings.list(PUBLIC_PATHS)),
                new PathRules.Setting(PROTECTED_PATHS, settings.get(PROTECTED_PATHS).isPresent() ? settings.list(PROTECTED_PATHS) : List.of("/")),
                new PathRules.Setting(ROLE_PATHS, List.of(settings.string(ROLE_PATHS, "").split(";")).stream()
                        .map(String::strip).filter(rule -> !rule.isEmpty()).toList()));
        EnumSet<BearerTokens.Source> sources = EnumSet.noneOf(BearerTokens.Source.class);
        for (String source : settings.list(TOKEN_SOURCES).isEmpty() ? List.of("header") : settings.list(TOKEN_SOURCES)) {
            try {
                sources.add(BearerTokens.Source.valueOf(source.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(TOKEN_SOURCES, "must list some of header, query, cookie, form; was '" + source + "'");
            }
        }
        BrowserCookies browserCookies = settings.bool(COOKIES, false) ? new BrowserCookies(endpointsBase, clientRequests) : null;
        String plainCookie = settings.string(TOKEN_COOKIE, "access_token");
        if (sources.contains(BearerTokens.Source.COOKIE) && plainCookie.equals(BrowserCookies.ACCESS)) {
            // That cookie is only ever read with its CSRF check.
            throw new ConfigException(TOKEN_COOKIE, "must not name the browser transport's cookie (" + COOKIES + "=on reads it, with its CSRF "
                    + "check), was '" + plainCookie + "'");
        }
        this.bearerTokens = new BearerTokens(sources, settings.string(TOKEN_QUERY_PARAMETER, "access_token"),
                plainCookie, settings.string(TOKEN_FORM_FIELD, "access_token"), browserCookies, clientRequests);
    }

    public static FilterSettings from(Settings settings) {
        return new FilterSettings(settings);
    }

    private static String path(Settings settings, String key, String fallback) {
        String value = settings.string(key, fallback);
        if (!value.startsWith("/") || value.length() > 1 && value.endsWith("/") || value.contains("*") || value.contains("..")) {
            throw new ConfigException(key, "must be a path like " + fallback + " (leading /, no trailing /, no wildcards), was '" + value + "'");
        }
        return value;
    }

    public String endpointsBase() {
        return endpointsBase;
    }

    /** {@code jwtauth.compat=dnn}: DNN's routes and wire format are served too. */
    public boolean dnnCompat() {
        return dnnCompat;
    }

    /** {@code jwtauth.container-auth}: the container authenticates bearer tokens through jwtauth's module. */
    public boolean containerAuth() {
        return containerAuth;
    }

    /** {@code jwtauth.browser-login}: the provider page requests without credentials are sent to, or {@code null}. */
    public String browserLogin() {
        return browserLogin;
    }

    public String jwksPath() {
        return jwksPath;
    }

    public boolean requireHttps() {
        return requireHttps;
    }

    /** How client addresses and HTTPS are read, from the proxy settings. */
    public ClientRequests clientRequests() {
        return clientRequests;
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    public String realm() {
        return realm;
    }

    public PathRules pathRules() {
        return pathRules;
    }

    /** Where the access token of a request is looked for. */
    public BearerTokens bearerTokens() {
        return bearerTokens;
    }
}
