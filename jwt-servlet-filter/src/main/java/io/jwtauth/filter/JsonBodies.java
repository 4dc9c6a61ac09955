package io.jwtauth.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads an endpoint's JSON body within {@code jwtauth.max-body-size}: {@code too-large} (413) past the limit,
 * declared or actual; {@code invalid_request} (400) for anything but one strict JSON object (no duplicate
 * members, nothing trailing), and for a member that is missing, empty, not a string, or given under both its
 * name and its alias. Never allocates more than the limit. Immutable and thread-safe.
 */
final class JsonBodies {
    /** How much of an oversized body is read (and discarded) so that the client still gets its 413. */
    private static final long DRAIN_LIMIT = 1024 * 1024;

    private final int maxBodyBytes;

    JsonBodies(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The body as a JSON object. */
    JsonNode read(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = bytes(request, response);
        JsonNode node;
        try {
            node = StrictJson.read(body);
        } catch (IOException | RuntimeException e) {
            throw new AuthException(AuthError.INVALID_REQUEST, "body is not JSON");
        }
        if (!node.isObject()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "body is not a JSON object");
        }
        return node;
    }

    /**
     * One field of an {@code application/x-www-form-urlencoded} body (a back-channel logout's {@code logout_token}), read
     * within the same limit; {@code invalid_request} when it is missing, empty, given twice or not decodable.
     */
    String formField(HttpServletRequest request, HttpServletResponse response, String name) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new AuthException(AuthError.INVALID_REQUEST, "body is not a form");
        }
        String body = new String(bytes(request, response), java.nio.charset.StandardCharsets.US_ASCII);
        String value = null;
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                if (value != null) {
                    throw new AuthException(AuthError.INVALID_REQUEST, "'" + name + "' given twice");
                }
                try {
                    value = java.net.URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new AuthException(AuthError.INVALID_REQUEST, "'" + name + "' is not URL-encoded");
                }
            }
        }
        if (value == null || value.isEmpty()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'" + name + "' missing or empty");
        }
        return value;
    }

    /** The body's bytes, never more than the limit. */
    private byte[] bytes(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
        return buffer.toByteArray();
    }

    /** A non-empty string member under its name or its alias (not both). */
    static String field(JsonNode body, String name, String alias) {
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

    /** An optional string member: {@code null} when absent, {@code invalid_request} when present but not a non-empty string. */
    static String optionalField(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "'" + name + "' empty or not a string");
        }
        return value.asText();
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
}
