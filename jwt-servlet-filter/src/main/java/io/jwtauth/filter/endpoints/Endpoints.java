package io.jwtauth.filter.endpoints;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.flow.Credential;
import io.jwtauth.filter.config.FilterSettings;
import io.jwtauth.filter.errors.ErrorResponses;
import io.jwtauth.filter.internal.BearerTokens;
import io.jwtauth.filter.internal.ClientRequests;
import io.jwtauth.filter.internal.JsonReplies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;

/**
 * The HTTP contract's endpoints: {@code POST {base}/login}, {@code POST {base}/extendtoken},
 * {@code POST|GET {base}/logout[?all=true]} and {@code GET /.well-known/jwks.json}. Paths are compared as
 * whole strings built at start-up. With {@code jwtauth.compat=dnn}, also DNN's JwtAuth routes
 * ({@code /API/JwtAuth/mobile/…} and {@code /DesktopModules/JwtAuth/API/mobile/…}, matched without regard to case
 * as IIS does) in DNN's wire format: its four login fields, its {@code Bearer <code>} challenges. Thread-safe.
 */
public final class Endpoints {
    private static final byte[] LOGOUT_BODY = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
    /** DNN's JwtAuth service routes (Dnn.AuthServices.Jwt, ServiceRouteMapper: module "JwtAuth", controller "mobile"). */
    static final String[] DNN_PREFIXES = {"/API/JwtAuth/mobile/", "/DesktopModules/JwtAuth/API/mobile/"};

    private final AuthService auth;
    private final ErrorResponses errors;
    private final ClientRequests clients;
    private final Clock clock;
    private final boolean requireHttps;
    private final JsonBodies bodies;
    private final String endpointPrefix;
    private final String loginPath;
    private final String renewPath;
    private final String logoutPath;
    private final String jwksPath;
    private final byte[] jwks;
    private final boolean dnn;

    public Endpoints(AuthService auth, FilterSettings settings, ErrorResponses errors, ClientRequests clients, Clock clock) {
        this.auth = auth;
        this.errors = errors;
        this.clients = clients;
        this.clock = clock;
        this.requireHttps = settings.requireHttps();
        this.bodies = new JsonBodies(settings.maxBodyBytes());
        this.endpointPrefix = settings.endpointsBase() + "/";
        this.loginPath = settings.endpointsBase() + "/login";
        this.renewPath = settings.endpointsBase() + "/extendtoken";
        this.logoutPath = settings.endpointsBase() + "/logout";
        this.jwksPath = settings.jwksPath();
        String publicJwks = auth.publicJwks();
        this.jwks = publicJwks == null ? null : publicJwks.getBytes(StandardCharsets.UTF_8);
        this.dnn = settings.dnnCompat();
    }

    /** Serves the request if {@code path} is an endpoint; returns whether it did. */
    public boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (dnn && handleDnn(path, request, response)) {
            return true;
        }
        if (!path.startsWith(endpointPrefix) && !path.equals(jwksPath)) {
            return false;
        }
        try {
            if (path.equals(loginPath)) {
                requireMethod(request, response, "POST");
                requireHttps(request);
                writeTokens(response, login(request, response));
            } else if (path.equals(renewPath)) {
                requireMethod(request, response, "POST");
                requireHttps(request);
                writeTokens(response, renew(request, response, AuthError.BAD_JWT));
            } else if (path.equals(logoutPath)) {
                requireMethod(request, response, "POST", "GET");
                logout(request, response);
            } else if (path.equals(jwksPath) && jwks != null) {
                requireMethod(request, response, "GET", "HEAD");
                JsonReplies.send(response, 200, "public, max-age=300", jwks, !"HEAD".equals(request.getMethod()));
            } else {
                return false;
            }
        } catch (AuthException refusal) {
            errors.send(response, refusal);
        }
        return true;
    }

    /** DNN's routes, in DNN's wire format; false when {@code path} is none of them. */
    private boolean handleDnn(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = null;
        for (String prefix : DNN_PREFIXES) {
            if (path.length() > prefix.length() && path.regionMatches(true, 0, prefix, 0, prefix.length())) {
                action = path.substring(prefix.length()).toLowerCase(Locale.ROOT);
            }
        }
        if (action == null || !(action.equals("login") || action.equals("extendtoken") || action.equals("logout"))) {
            return false;
        }
        try {
            switch (action) {
                case "login" -> {
                    requireMethod(request, response, "POST");
                    requireHttps(request);
                    writeDnnTokens(response, login(request, response));
                }
                case "extendtoken" -> {
                    requireMethod(request, response, "POST");
                    requireHttps(request);
                    // DNN answers a renewal without a bearer token with bad-credentials.
                    writeDnnTokens(response, renew(request, response, AuthError.BAD_CREDENTIALS));
                }
                default -> {
                    requireMethod(request, response, "GET", "POST");
                    logout(request, response);
                }
            }
        } catch (AuthException refusal) {
            errors.sendDnn(response, refusal.error(), refusal.retryAfter());
        }
        return true;
    }

    /** DNN's LoginResultData: {@code userId} (a number where the id is one, as DNN's are), displayName, both tokens. */
    private void writeDnnTokens(HttpServletResponse response, TokenResponse tokens) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = StrictJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            String userId = tokens.userId();
            if (userId.matches("-?[0-9]{1,18}")) {
                json.writeNumberField("userId", Long.parseLong(userId));
            } else {
                json.writeStringField("userId", userId);
            }
            json.writeStringField("displayName", tokens.displayName());
            json.writeStringField("accessToken", tokens.accessToken());
            json.writeStringField("renewalToken", tokens.renewalToken());
            json.writeEndObject();
        }
        writeJson(response, out.toByteArray());
    }

    private TokenResponse login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = bodies.read(request, response);
        String username = JsonBodies.field(body, "u", "username");
        String password = JsonBodies.field(body, "p", "password");
        char[] secret = password.toCharArray();
        try {
            // Core throttles (per user, per address, password checks at once) and audits.
            return auth.login(username, secret, clients.clientInfo(request));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** {@code withoutBearer}: the refusal when no bearer access token came with the renewal. */
    private TokenResponse renew(HttpServletRequest request, HttpServletResponse response, AuthError withoutBearer) throws IOException {
        Credential accessToken = BearerTokens.fromAuthorizationHeader(request);
        if (!accessToken.isToken()) {
            throw new AuthException(withoutBearer, "extendtoken without a bearer access token");
        }
        JsonNode body = bodies.read(request, response);
        String renewalToken = JsonBodies.field(body, "rtoken", "renewalToken");
        return auth.renew(accessToken.token(), renewalToken, clients.clientInfo(request));
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Credential accessToken = BearerTokens.fromAuthorizationHeader(request);
        if (!accessToken.isToken()) {
            throw new AuthException(AuthError.BAD_JWT, "logout without a bearer access token");
        }
        boolean all = "true".equalsIgnoreCase(queryParameter(request, "all"));
        auth.logout(accessToken.token(), all, clients.clientInfo(request));
        JsonReplies.send(response, 200, JsonReplies.NO_STORE, LOGOUT_BODY, true);
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

    private void writeTokens(HttpServletResponse response, TokenResponse tokens) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = StrictJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("userId", tokens.userId());
            json.writeStringField("displayName", tokens.displayName());
            json.writeStringField("accessToken", tokens.accessToken());
            json.writeStringField("renewalToken", tokens.renewalToken());
            json.writeStringField("tokenType", "Bearer");
            json.writeNumberField("expiresIn", Math.max(0, tokens.accessExpiresAt().getEpochSecond() - clock.instant().getEpochSecond()));
            json.writeStringField("renewalDeadline", tokens.renewalDeadline().toString());
            json.writeEndObject();
        }
        writeJson(response, out.toByteArray());
    }

    private static void writeJson(HttpServletResponse response, byte[] body) throws IOException {
        response.setHeader("Pragma", "no-cache");
        JsonReplies.send(response, 200, JsonReplies.NO_STORE, body, true);
    }
}
