package io.jwtauth.filter.endpoints;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.filter.FilterSettings;
import io.jwtauth.filter.errors.ErrorResponses;
import io.jwtauth.filter.internal.BearerTokens;
import io.jwtauth.filter.internal.ClientRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;

/**
 * The HTTP contract's endpoints: {@code POST {base}/login}, {@code POST {base}/extendtoken},
 * {@code POST|GET {base}/logout[?all=true]} and {@code GET /.well-known/jwks.json}. Paths are compared as
 * whole strings built at start-up. Thread-safe.
 */
public final class Endpoints {
    /** How much of an oversized body is read (and discarded) so that the client still gets its 413. */
    private static final long DRAIN_LIMIT = 1024 * 1024;
    private static final byte[] LOGOUT_BODY = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

    private final AuthService auth;
    private final ErrorResponses errors;
    private final ClientRequests clients;
    private final Clock clock;
    private final boolean requireHttps;
    private final int maxBodyBytes;
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
        this.maxBodyBytes = settings.maxBodyBytes();
        this.endpointPrefix = settings.endpointsBase() + "/";
        this.loginPath = settings.endpointsBase() + "/login";
        this.renewPath = settings.endpointsBase() + "/extendtoken";
        this.logoutPath = settings.endpointsBase() + "/logout";
        this.jwksPath = settings.jwksPath();
        this.jwks = auth.keyRing().hasPublicKeys() ? auth.keyRing().publicJwks().getBytes(StandardCharsets.UTF_8) : null;
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
        JsonNode body = readJson(request, response);
        String username = field(body, "u", "username");
        String password = field(body, "p", "password");
        char[] secret = password.toCharArray();
        try {
            // Core throttles (per user, per address, password checks at once) and audits.
            writeTokens(response, auth.login(username, secret, clients.clientInfo(request)));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private void renew(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accessToken = BearerTokens.fromAuthorizationHeader(request);
        if (accessToken == null || accessToken == BearerTokens.MALFORMED) {
            throw new AuthException(AuthError.BAD_JWT, "extendtoken without a bearer access token");
        }
        JsonNode body = readJson(request, response);
        String renewalToken = field(body, "rtoken", "renewalToken");
        writeTokens(response, auth.renew(accessToken, renewalToken, clients.clientInfo(request)));
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String accessToken = BearerTokens.fromAuthorizationHeader(request);
        if (accessToken == null || accessToken == BearerTokens.MALFORMED) {
            throw new AuthException(AuthError.BAD_JWT, "logout without a bearer access token");
        }
        boolean all = "true".equalsIgnoreCase(queryParameter(request, "all"));
        auth.logout(accessToken, all, clients.clientInfo(request));
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

    /** The body as a JSON object, within the size limit; {@code invalid_request} or {@code too-large} otherwise. */
    private JsonNode readJson(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(Math.min(maxBodyBytes, 1024));
        byte[] chunk = new byte[4096];
        try (InputStream in = request.getInputStream()) {
            if (request.getContentLengthLong() > maxBodyBytes) {
                tooLarge(in, chunk, response, "declared body of " + request.getContentLengthLong() + " bytes");
            }
            int read;
            while ((read = in.read(chunk)) != -1) {
                if (buffer.size() + read > maxBodyBytes) {
                    tooLarge(in, chunk, response, "body over " + maxBodyBytes + " bytes");
                }
                buffer.write(chunk, 0, read);
            }
        }
        JsonNode node;
        try {
            node = StrictJson.read(buffer.toByteArray());
        } catch (IOException | RuntimeException e) {
            throw new AuthException(AuthError.INVALID_REQUEST, "body is not JSON");
        }
        if (!node.isObject()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "body is not a JSON object");
        }
        return node;
    }

    /**
     * Refuses an oversized body. The rest of it is read and discarded first, up to {@link #DRAIN_LIMIT}: closing a
     * connection with unread data makes TCP reset it, and the client would lose the 413. Beyond that the
     * connection is closed.
     */
    private static void tooLarge(InputStream in, byte[] chunk, HttpServletResponse response, String detail) throws IOException {
        long drained = 0;
        int read;
        while (drained < DRAIN_LIMIT && (read = in.read(chunk)) != -1) {
            drained += read;
        }
        if (drained >= DRAIN_LIMIT) {
            response.setHeader("Connection", "close");
        }
        throw new AuthException(AuthError.TOO_LARGE, detail);
    }

    /** A non-empty string member under its name or its alias (not both). */
    private static String field(JsonNode body, String name, String alias) {
        JsonNode value = body.get(name);
        JsonNode aliased = body.get(alias);
        if (value != null && aliased != null) {
            throw new AuthException(AuthError.INVALID_REQUEST, "both '" + name + "' and '" + alias + "' given");
        }
        JsonNode chosen = value != null ? value : aliased;
        if (chosen == null || !chosen.isTextual() || chosen.asText().isEmpty()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'" + name + "' missing, empty or not a string");
        }
        return chosen.asText();
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
