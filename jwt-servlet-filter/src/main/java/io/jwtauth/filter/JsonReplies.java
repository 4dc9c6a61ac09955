package io.jwtauth.filter;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The one writer of a JSON reply's status, caching header, type, length and body. Stateless. */
final class JsonReplies {
    /** Token responses and refusals: never stored by a cache (RFC 6749 §5.1). */
    public static final String NO_STORE = "no-store";

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
}
