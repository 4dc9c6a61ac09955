package io.jwtauth.core.external;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.tokens.VerifiedToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where an identity provider puts the roles: a claim name, or a dotted path into nested objects
 * ({@code realm_access.roles}, {@code resource_access.my-app.roles}). The value there may be an array of strings
 * ({@code roles}, {@code groups}) or one string of space-separated names ({@code scope}). Immutable.
 */
final class ClaimPath {
    private final List<String> segments;
    private final String text;

    private ClaimPath(List<String> segments, String text) {
        this.segments = segments;
        this.text = text;
    }

    static ClaimPath parse(String text) {
        List<String> segments = List.of(text.split("\\.", -1));
        if (segments.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("must be a claim name or a dotted path such as realm_access.roles, was '" + text + "'");
        }
        return new ClaimPath(segments, text);
    }

    /** The names at this path in {@code token}; none when the path is absent. {@code bad-jwt} for another shape. */
    List<String> valuesIn(VerifiedToken token) {
        Object value = token.claim(segments.get(0));
        for (int i = 1; i < segments.size() && value != null; i++) {
            value = value instanceof Map<?, ?> object ? object.get(segments.get(i)) : null;
        }
        if (value == null) {
            return List.of();
        }
        if (value instanceof String names) {
            return names.isBlank() ? List.of() : List.of(names.trim().split("\\s+"));
        }
        if (value instanceof List<?> items) {
            List<String> names = new ArrayList<>(items.size());
            for (Object item : items) {
                if (!(item instanceof String name)) {
                    throw new AuthException(AuthError.BAD_JWT, "the roles claim " + text + " holds a non-string");
                }
                names.add(name);
            }
            return names;
        }
        throw new AuthException(AuthError.BAD_JWT, "the roles claim " + text + " is neither a string nor an array of strings");
    }

    @Override
    public String toString() {
        return text;
    }
}
