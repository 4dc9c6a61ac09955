package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed reads of an access token's claims for {@link TokenVerifier}'s last step: a claim of the wrong JSON type is a
 * {@code bad-jwt} refusal, never a default. Absent claims read as {@code null} (or an empty list).
 */
final class ClaimValues {
    // NumericDate values beyond year 9999 are nonsense and would overflow Instant arithmetic.
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private ClaimValues() {
    }

    /**
     * {@code cnf.jkt} (RFC 9449 §6.1), or {@code null} without {@code cnf}. A token bound in a way jwtauth cannot check
     * (a certificate thumbprint, RFC 8705) is refused: accepting it as a bearer token would undo the binding.
     */
    static String confirmationKey(JsonNode claims) {
        JsonNode cnf = claims.get("cnf");
        if (cnf == null) {
            return null;
        }
        JsonNode jkt = cnf.isObject() ? cnf.get("jkt") : null;
        if (jkt == null || !jkt.isTextual() || jkt.asText().length() != 43) {
            throw refuse("cnf binds the token in a way jwtauth cannot check (only cnf.jkt, DPoP)");
        }
        return jkt.asText();
    }

    /** A NumericDate (RFC 7519 §2): seconds, a fraction rounded down, between 1970 and 9999. */
    static Instant time(JsonNode claims, String name) {
        JsonNode node = claims.get(name);
        if (node == null) {
            return null;
        }
        long seconds;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            seconds = node.asLong();
        } else if (node.isFloatingPointNumber() && Double.isFinite(node.asDouble()) && Math.abs(node.asDouble()) < MAX_EPOCH_SECONDS) {
            seconds = (long) Math.floor(node.asDouble());
        } else {
            throw refuse(name + " is not a NumericDate");
        }
        if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
            throw refuse(name + " is out of range");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** A string claim. */
    static String string(JsonNode claims, String name) {
        JsonNode node = claims.get(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw refuse(name + " is not a string");
        }
        return node.asText();
    }

    /** A string or an array of strings (RFC 7519 allows both for aud; DNN sends role either way). */
    static List<String> strings(JsonNode claims, String name) {
        JsonNode node = claims.get(name);
        if (node == null) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw refuse(name + " is neither a string nor an array");
        }
        List<String> values = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw refuse(name + " holds a non-string");
            }
            values.add(item.asText());
        }
        return List.copyOf(values);
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.BAD_JWT, detail);
    }
}
