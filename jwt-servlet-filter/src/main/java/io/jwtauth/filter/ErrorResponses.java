package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Maps each {@link AuthError} to its HTTP status, {@code WWW-Authenticate} header (RFC 6750) and JSON body
 * {@code {"error": code, "message": description}}, in one exhaustive switch. Bodies are rendered once at
 * start-up; no exception text ever reaches a client. Immutable and thread-safe.
 */
final class ErrorResponses {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ErrorResponses.class);
    /** One pre-rendered response. */
    private record Rendered(int status, String wwwAuthenticate, byte[] body) {
    }

    private final Map<AuthError, Rendered> responses = new EnumMap<>(AuthError.class);

    public ErrorResponses(String realm) {
        String quotedRealm = "realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        for (AuthError error : AuthError.values()) {
            responses.put(error, render(error, quotedRealm));
        }
    }

    private static Rendered render(AuthError error, String realm) {
        String invalidToken = "Bearer " + realm + ", error=\"invalid_token\", error_description=\"" + error.description() + "\"";
        return switch (error) {
            case BAD_CREDENTIALS -> new Rendered(401, "Bearer " + realm, body(error));
            case BAD_JWT, BAD_TOKEN -> new Rendered(401, invalidToken, body(error));
            case NOT_MORE_RENEWAL -> new Rendered(401, invalidToken, body(error));
            case NO_TOKEN -> new Rendered(401, "Bearer " + realm, body(error));
            case FORBIDDEN -> new Rendered(403, "Bearer " + realm + ", error=\"insufficient_scope\", error_description=\""
                    + error.description() + "\"", body(error));
            case INVALID_REQUEST -> new Rendered(400, null, body(error));
            case TOO_LARGE -> new Rendered(413, null, body(error));
            case METHOD_NOT_ALLOWED -> new Rendered(405, null, body(error));
            case THROTTLED -> new Rendered(429, null, body(error));
            case UNAVAILABLE -> new Rendered(503, null, body(error));
            case HTTPS_REQUIRED, CSRF -> new Rendered(403, null, body(error));
            // RFC 9449 §7.1: the DPoP challenge, with the proof algorithms accepted.
            case BAD_DPOP -> new Rendered(401, "DPoP error=\"invalid_dpop_proof\", algs=\"ES256 PS256 RS256 EdDSA\"", body(error));
            case SERVER_ERROR -> new Rendered(500, null, body(error));
        };
    }

    private static byte[] body(AuthError error) {
        // Codes and descriptions are fixed ASCII without quotes or backslashes, so plain concatenation is exact JSON.
        return ("{\"error\":\"" + error.code() + "\",\"message\":\"" + error.description() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Answers {@code 500 server-error} for an unexpected failure, with a fresh incident id in the body that is
     * also in the log entry (with the stack trace, which never reaches the client).
     */
    public void sendServerError(HttpServletResponse response, Throwable failure, String where) throws IOException {
        String incident = java.util.UUID.randomUUID().toString();
        LOG.error("jwtauth: unexpected failure in {} (incident {})", where, incident, failure);
        if (response.isCommitted()) {
            return;
        }
        byte[] body = ("{\"error\":\"" + AuthError.SERVER_ERROR.code() + "\",\"message\":\"" + AuthError.SERVER_ERROR.description()
                + "\",\"incident\":\"" + incident + "\"}").getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        JsonReplies.send(response, 500, JsonReplies.NO_STORE, body, true);
    }

    /** What {@link #send(HttpServletResponse, AuthError, Duration)} sends, for a layer that writes through its own API. */
    public Refusal refusal(AuthError error, Duration retryAfter) {
        Rendered rendered = responses.get(error);
        return new Refusal(rendered.status(), rendered.wwwAuthenticate(), retryAfter(error, retryAfter),
                new String(rendered.body(), StandardCharsets.UTF_8));
    }

    /** A refusal as sent: status, {@code WWW-Authenticate} and {@code Retry-After} (each or null), JSON body. */
    public record Refusal(int status, String wwwAuthenticate, String retryAfter, String jsonBody) {
    }

    private static String retryAfter(AuthError error, Duration retryAfter) {
        if (retryAfter != null) {
            return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        return error == AuthError.THROTTLED || error == AuthError.UNAVAILABLE ? "1" : null;
    }

    /** Sends the response for {@code error}. */
    public void send(HttpServletResponse response, AuthError error) throws IOException {
        send(response, error, null);
    }

    /** Sends the response for a refusal, with {@code Retry-After} when it carries one. */
    public void send(HttpServletResponse response, AuthException refusal) throws IOException {
        send(response, refusal.error(), refusal.retryAfter());
    }

    public void send(HttpServletResponse response, AuthError error, Duration retryAfter) throws IOException {
        send(response, error, retryAfter, false);
    }

    /**
     * Sends a refusal as DNN's JwtAuth module does (the DNN profile's routes): the same status and JSON body, but a
     * 401's challenge is DNN's own {@code Bearer <error code>} (for example {@code Bearer bad-credentials}).
     */
    public void sendDnn(HttpServletResponse response, AuthError error, Duration retryAfter) throws IOException {
        send(response, error, retryAfter, true);
    }

    /**
     * Sends the response for {@code error} with one more {@code WWW-Authenticate} challenge after jwtauth's own (the
     * application's {@code Basic realm="…"}, so that a browser asks for a password).
     */
    public void sendWithChallenge(HttpServletResponse response, AuthError error, String challenge) throws IOException {
        send(response, error, null, false, challenge);
    }

    private void send(HttpServletResponse response, AuthError error, Duration retryAfter, boolean dnnChallenge) throws IOException {
        send(response, error, retryAfter, dnnChallenge, null);
    }

    private void send(HttpServletResponse response, AuthError error, Duration retryAfter, boolean dnnChallenge, String challenge)
            throws IOException {
        Rendered rendered = responses.get(error);
        response.resetBuffer();
        if (dnnChallenge && rendered.status() == 401) {
            response.setHeader("WWW-Authenticate", "Bearer " + error.code());
        } else if (rendered.wwwAuthenticate() != null) {
            response.setHeader("WWW-Authenticate", rendered.wwwAuthenticate());
        }
        if (challenge != null) {
            // Before the body: a container commits the response once the declared length is written.
            response.addHeader("WWW-Authenticate", challenge);
        }
        String retry = retryAfter(error, retryAfter);
        if (retry != null) {
            response.setHeader("Retry-After", retry);
        }
        JsonReplies.send(response, rendered.status(), JsonReplies.NO_STORE, rendered.body(), true);
    }
}
