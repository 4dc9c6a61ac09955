package io.jwtauth.core.flow;

import java.util.Set;

/**
 * What a request's target requires: nothing ({@link #OPEN}), an authenticated caller ({@link #TOKEN}), or one with
 * any of some roles. Decided by the entry point (a path rule, a container's constraint). Immutable.
 */
public record Requirement(boolean tokenRequired, Set<String> anyOfRoles) {
    public static final Requirement OPEN = new Requirement(false, Set.of());
    public static final Requirement TOKEN = new Requirement(true, Set.of());

    public Requirement {
        anyOfRoles = Set.copyOf(anyOfRoles);
        if (!tokenRequired && !anyOfRoles.isEmpty()) {
            throw new IllegalArgumentException("a role requirement requires a token");
        }
    }

    /** A caller with any of {@code roles}. */
    public static Requirement anyOf(Set<String> roles) {
        return new Requirement(true, roles);
    }
}
