package io.jwtauth.filter;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.flow.Requirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which paths need a token and which roles they need, decided once per request from patterns compiled at
 * start-up. The patterns of all three settings are matched as the servlet container matches url-patterns
 * (Servlet §12.1): an exact pattern first, then the longest path prefix, then an extension, then the default
 * {@code /}. So {@code /api/*} protected keeps {@code /api/users.css} protected even with {@code *.css} public,
 * exactly as a {@code <security-constraint>} would. A pattern named in two settings with different meanings, or a
 * public extension that a protected {@code /*} hides, is refused at start, naming both. A path no pattern matches
 * is open. Immutable and thread-safe.
 */
final class PathRules {
    /** A compiled pattern, where it was configured, and what it requires. */
    private record Rule(UrlPattern pattern, String key, Requirement requirement) {
        boolean isPublic() {
            return !requirement.tokenRequired();
        }
    }

    /** In order of precedence: exact, then prefixes longest first, then extensions longest first, then default. */
    private final Rule[] rules;

    private PathRules(Rule[] rules) {
        this.rules = rules;
    }

    /** A setting: its key (for error messages) and its values. */
    public record Setting(String key, List<String> values) {
    }

    /**
     * Compiles the three settings; a bad pattern or rule, or two settings that disagree about one pattern, is a
     * {@link ConfigException} naming the setting it is in.
     *
     * @param publicPatterns    url-patterns that need no token
     * @param protectedPatterns url-patterns that need a token
     * @param roleRules         {@code pattern=RoleA|RoleB} entries: the path needs a token with any of the roles
     */
    public static PathRules of(Setting publicPatterns, Setting protectedPatterns, Setting roleRules) {
        Map<String, Rule> byPattern = new LinkedHashMap<>();
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
            add(byPattern, new Rule(parse(roleRules.key(), rule.substring(0, equals)), roleRules.key(),
                    Requirement.anyOf(roles)));
        }
        for (String pattern : protectedPatterns.values()) {
            add(byPattern, new Rule(parse(protectedPatterns.key(), pattern), protectedPatterns.key(), Requirement.TOKEN));
        }
        for (String pattern : publicPatterns.values()) {
            add(byPattern, new Rule(parse(publicPatterns.key(), pattern), publicPatterns.key(), Requirement.OPEN));
        }
        refuseHiddenPublicExtensions(byPattern.values());
        List<Rule> ordered = new ArrayList<>(byPattern.values());
        ordered.sort(Comparator.comparing((Rule rule) -> rule.pattern().kind())
                .thenComparing(rule -> -rule.pattern().length()));
        return new PathRules(ordered.toArray(Rule[]::new));
    }

    /**
     * One pattern, one meaning. A role rule and a plain protected entry for the same pattern agree (the role rule is
     * the stricter reading); anything else is ambiguous, and guessing would open or close a path by surprise.
     */
    private static void add(Map<String, Rule> byPattern, Rule rule) {
        Rule earlier = byPattern.get(rule.pattern().toString());
        if (earlier == null) {
            byPattern.put(rule.pattern().toString(), rule);
            return;
        }
        if (rule.requirement().equals(Requirement.TOKEN) && !earlier.isPublic()) {
            return;
        }
        throw new ConfigException(rule.key(), "'" + rule.pattern() + "' is also in " + earlier.key()
                + " with another meaning: name each pattern once");
    }

    /** {@code /*} beats every extension pattern, so a public {@code *.css} beside a protected {@code /*} would do nothing. */
    private static void refuseHiddenPublicExtensions(Iterable<Rule> rules) {
        Rule everything = null;
        for (Rule rule : rules) {
            if (!rule.isPublic() && rule.pattern().kind() == UrlPattern.Kind.PREFIX && rule.pattern().length() == 0) {
                everything = rule;
            }
        }
        if (everything == null) {
            return;
        }
        for (Rule rule : rules) {
            if (rule.isPublic() && rule.pattern().kind() == UrlPattern.Kind.EXTENSION) {
                throw new ConfigException(rule.key(), "'" + rule.pattern() + "' never applies: '/*' in " + everything.key()
                        + " takes precedence over every extension pattern, as in web.xml. Protect '/' (every path no other "
                        + "pattern matches) instead of '/*'");
            }
        }
    }

    private static UrlPattern parse(String key, String pattern) {
        try {
            return UrlPattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, e.getMessage(), e);
        }
    }

    /** What {@code path} requires: the requirement of the pattern the servlet container would pick, else open. */
    public Requirement requirementFor(String path) {
        for (Rule rule : rules) {
            if (rule.pattern().matches(path)) {
                return rule.requirement();
            }
        }
        return Requirement.OPEN;
    }
}
