package io.jwtauth.filter.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which paths need a token and which roles they need, decided once per request from patterns compiled
 * at start-up. Public patterns win over protected ones; a path with a role rule is protected.
 * Immutable and thread-safe.
 */
public final class PathRules {
    /** What a path requires. */
    public record Requirement(boolean tokenRequired, Set<String> anyOfRoles) {
        static final Requirement OPEN = new Requirement(false, Set.of());
        static final Requirement TOKEN = new Requirement(true, Set.of());
    }

    private record RoleRule(UrlPattern pattern, Requirement requirement) {
    }

    private final List<UrlPattern> publicPaths;
    private final List<UrlPattern> protectedPaths;
    private final List<RoleRule> roleRules;

    private PathRules(List<UrlPattern> publicPaths, List<UrlPattern> protectedPaths, List<RoleRule> roleRules) {
        this.publicPaths = publicPaths;
        this.protectedPaths = protectedPaths;
        this.roleRules = roleRules;
    }

    /**
     * @param publicPatterns    url-patterns that need no token
     * @param protectedPatterns url-patterns that need a token
     * @param roleRules         {@code pattern=RoleA|RoleB} entries: the path needs a token with any of the roles
     * @throws IllegalArgumentException naming the bad pattern or rule
     */
    public static PathRules of(List<String> publicPatterns, List<String> protectedPatterns, List<String> roleRules) {
        List<RoleRule> rules = new ArrayList<>();
        for (String rule : roleRules) {
            int equals = rule.indexOf('=');
            if (equals <= 0 || equals == rule.length() - 1) {
                throw new IllegalArgumentException("'" + rule + "' must look like /admin/*=Administrators|Auditors");
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String role : rule.substring(equals + 1).split("\\|")) {
                if (!role.isBlank()) {
                    roles.add(role.strip());
                }
            }
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("'" + rule + "' names no role");
            }
            rules.add(new RoleRule(UrlPattern.parse(rule.substring(0, equals)), new Requirement(true, Set.copyOf(roles))));
        }
        return new PathRules(publicPatterns.stream().map(UrlPattern::parse).toList(),
                protectedPatterns.stream().map(UrlPattern::parse).toList(), List.copyOf(rules));
    }

    /** What {@code path} requires: role rules first (first match), then public, then protected. */
    public Requirement requirementFor(String path) {
        for (RoleRule rule : roleRules) {
            if (rule.pattern().matches(path)) {
                return rule.requirement();
            }
        }
        for (UrlPattern pattern : publicPaths) {
            if (pattern.matches(path)) {
                return Requirement.OPEN;
            }
        }
        for (UrlPattern pattern : protectedPaths) {
            if (pattern.matches(path)) {
                return Requirement.TOKEN;
            }
        }
        return Requirement.OPEN;
    }
}
