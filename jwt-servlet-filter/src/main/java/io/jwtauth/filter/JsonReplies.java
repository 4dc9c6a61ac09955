package io.jwtauth.filter;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The one writer of a JSON reply's status, caching header, type, length and body. Stateless. */
final class JsonReplies {
    /** Token responses and refusals: never stored by a cache (RFC 6749 §5.1). */
    public static final String NO_STORE = "no-store";
    /** A logout's reply, in both wire profiles. */
    private static final byte[] LOGGED_OUT = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);

    private JsonReplies() {
    }

    /** Sends {@code body} (UTF-8 JSON) with {@code status}; {@code withBody} false sends the headers only (HEAD). */
    public static void send(HttpServletResponse response, int status, String cacheControl, byte[] body, boolean withBody)
            throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", cacheControl);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        if (withBody) {
            response.getOutputStream().write(body);
        }
    }

    /** A reply that carries tokens (or the browser transport's reply to a login or renewal): 200, never cached. */
    static void sendTokens(HttpServletResponse response, byte[] body) throws IOException {
        response.setHeader("Pragma", "no-cache");
        send(response, 200, NO_STORE, body, true);
    }

    /** {@code {"success":true}}: a logout or back-channel logout that took effect. */
    static void sendLoggedOut(HttpServletResponse response) throws IOException {
        send(response, 200, NO_STORE, LOGGED_OUT, true);
    }
}
