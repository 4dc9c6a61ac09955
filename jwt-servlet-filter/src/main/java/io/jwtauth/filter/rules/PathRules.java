package io.jwtauth.filter.rules;

import io.jwtauth.core.config.ConfigException;
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

    /** A setting: its key (for error messages) and its values. */
    public record Setting(String key, List<String> values) {
    }

    /**
     * Compiles the three settings; a bad pattern or rule is a {@link ConfigException} naming the setting it is in.
     *
     * @param publicPatterns    url-patterns that need no token
     * @param protectedPatterns url-patterns that need a token
     * @param roleRules         {@code pattern=RoleA|RoleB} entries: the path needs a token with any of the roles
     */
    public static PathRules of(Setting publicPatterns, Setting protectedPatterns, Setting roleRules) {
        List<RoleRule> rules = new ArrayList<>();
        for (String rule : roleRules.values()) {
            int equals = rule.indexOf('=');
            if (equals <= 0 || equals == rule.length() - 1) {
                throw new ConfigException(roleRules.key(), "'" + rule + "' must look like /admin/*=Administrators|Auditors");
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String role : rule.substring(equals + 1).split("\\|")) {
                if (!role.isBlank()) {
                    roles.add(role.strip());
                }
            }
            if (roles.isEmpty()) {
                throw new ConfigException(roleRules.key(), "'" + rule + "' names no role");
            }
            UrlPattern pattern = parse(roleRules.key(), rule.substring(0, equals));
            rules.add(new RoleRule(pattern, new Requirement(true, Set.copyOf(roles))));
        }
        return new PathRules(parseAll(publicPatterns), parseAll(protectedPatterns), List.copyOf(rules));
    }

    private static List<UrlPattern> parseAll(Setting setting) {
        return setting.values().stream().map(pattern -> parse(setting.key(), pattern)).toList();
    }

    private static UrlPattern parse(String key, String pattern) {
        try {
            return UrlPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage(), e);
        }
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
