package io.jwtauth.filter;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.core.internal.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;

/**
 * One wire format of the login, renewal and logout endpoints: which paths it answers, the JSON its token replies
 * carry, how it refuses, and what a renewal without a bearer token is. Chosen once at start: jwtauth's own
 * ({@link StandardProfile}), and with {@code jwtauth.compat=dnn} DNN's too ({@link DnnProfile}). The flow behind
 * them is the same. Immutable and thread-safe.
 */
interface WireProfile {
    /** The endpoint actions every profile serves. */
    enum Action { LOGIN, RENEW, LOGOUT }

    /** Whether a logout asks to end every session of its user ({@code ?all=true}), in every profile and transport. */
    static boolean logoutOfAllSessions(HttpServletRequest request) {
        return "true".equalsIgnoreCase(BearerTokens.queryParameter(request.getQueryString(), "all"));
    }

    /** The action {@code path} names in this profile, or {@code null} when it is none of its paths. */
    Action actionFor(String path);

    /** POST only: login and renewal. */
    String[] POST = {"POST"};

    /** The methods the action accepts, the first being the one clients should use. Callers must not change the array. */
    default String[] methods(Action action) {
        return action == Action.LOGOUT ? StandardProfile.LOGOUT_METHODS : POST;
    }

    /** Whether its tokens carry header {@code typ} {@code JWT} (what DNN's clients know) instead of {@code at+jwt}. */
    default boolean plainTokenType() {
        return false;
    }

    /** Whether this profile's endpoints also serve the browser transport ({@code jwtauth.cookies}). */
    default boolean servesBrowsers() {
        return false;
    }

    /** The refusal for a renewal that came without a bearer access token. */
    AuthError renewalWithoutBearer();

    /** The token reply's JSON. */
    byte[] tokens(TokenResponse tokens, Instant now) throws IOException;

    /** Sends a refusal in this profile's way. */
    void refuse(ErrorResponses errors, HttpServletResponse response, AuthException refusal) throws IOException;

    /** Writes one JSON object's fields. */
    @FunctionalInterface
    interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** One JSON object with {@code fields}, through core's one JSON setup. */
    static byte[] object(Fields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = StrictJson.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        }
        return out.toByteArray();
    }
}
