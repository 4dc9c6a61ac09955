package io.jwtauth.filter.endpoints;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.filter.config.FilterSettings;
import io.jwtauth.filter.errors.ErrorResponses;
import io.jwtauth.filter.internal.BearerTokens;
import io.jwtauth.filter.internal.ClientRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * The HTTP contract's endpoints: {@code POST {base}/login}, {@code POST {base}/extendtoken},
 * {@code POST|GET {base}/logout[?all=true]} and {@code GET /.well-known/jwks.json}. Paths are compared as
 * whole strings built at start-up. Thread-safe.
 */
public final class Endpoints {
    private static final byte[] LOGOUT_BODY = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

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
    }

    /** Serves the request if {@code path} is an endpoint; returns whether it did. */
    public boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!path.startsWith(endpointPrefix) && !path.equals(jwksPath)) {
            return false;
        }
        try {
            if (path.equals(loginPath)) {
                requireMethod(request, response, "POST");
                requireHttps(request);
                login(request, response);
            } else if (path.equals(renewPath)) {
                requireMethod(request, response, "POST");
                requireHttps(request);
                renew(request, response);
            } else if (path.equals(logoutPath)) {
                requireMethod(request, response, "POST", "GET");
                logout(request, response);
            } else if (path.equals(jwksPath) && jwks != null) {
                requireMethod(request, response, "GET", "HEAD");
                response.setStatus(200);
                response.setHeader("Cache-Control", "public, max-age=300");
                response.setContentType("application/json;charset=UTF-8");
                response.setContentLength(jwks.length);
                if (!"HEAD".equals(request.getMethod())) {
                    response.getOutputStream().write(jwks);
                }
            } else {
                return false;
            }
        } catch (AuthException refusal) {
            errors.send(response, refusal);
        }
        return true;
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = bodies.read(request, response);
        String username = JsonBodies.field(body, "u", "username");
        String password = JsonBodies.field(body, "p", "password");
        char[] secret = password.toCharArray();
        try {
            // Core throttles (per user, per address, password checks at once) and audits.
            writeTokens(response, auth.login(username, secret, clients.clientInfo(request)));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private void renew(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BearerTokens.Presented accessToken = BearerTokens.fromAuthorizationHeader(request);
        if (!accessToken.isToken()) {
            throw new AuthException(AuthError.BAD_JWT, "extendtoken without a bearer access token");
        }
        JsonNode body = bodies.read(request, response);
        String renewalToken = JsonBodies.field(body, "rtoken", "renewalToken");
        writeTokens(response, auth.renew(accessToken.token(), renewalToken, clients.clientInfo(request)));
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        BearerTokens.Presented accessToken = BearerTokens.fromAuthorizationHeader(request);
        if (!accessToken.isToken()) {
            throw new AuthException(AuthError.BAD_JWT, "logout without a bearer access token");
        }
        boolean all = "true".equalsIgnoreCase(queryParameter(request, "all"));
        auth.logout(accessToken.token(), all, clients.clientInfo(request));
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(LOGOUT_BODY.length);
        response.getOutputStream().write(LOGOUT_BODY);
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
        byte[] body = out.toByteArray();
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
