package io.jwtauth.filter.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UrlPatternTest {
    @Test
    void matchesWhenServletPatternKindsThenAsInWebXml() {
        assertTrue(UrlPattern.parse("/api/*").matches("/api"));
        assertTrue(UrlPattern.parse("/api/*").matches("/api/x/y"));
        assertFalse(UrlPattern.parse("/api/*").matches("/apix"));
        assertTrue(UrlPattern.parse("/health").matches("/health"));
        assertFalse(UrlPattern.parse("/health").matches("/health/x"));
        assertTrue(UrlPattern.parse("*.jsp").matches("/a/b.jsp"));
        assertFalse(UrlPattern.parse("*.jsp").matches("/a.jsp/b"));
        assertTrue(UrlPattern.parse("/").matches("/anything"));
        assertTrue(UrlPattern.parse("/*").matches("/"));
    }

    @Test
    void parseWhenInvalidPatternThenRefused() {
        for (String bad : List.of("api/*", "/a/*/b", "/a*", "*.", "**")) {
            assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse(bad), bad);
        }
    }

    @Test
    void requirementWhenRulesOverlapThenRolesFirstThenPublicThenProtected() {
        PathRules rules = rules(List.of("/api/public/*", "/api/admin/open"), List.of("/api/*"),
                List.of("/api/admin/*=Administrators|Auditors"));
        assertEquals(Set.of("Administrators", "Auditors"), rules.requirementFor("/api/admin/open").anyOfRoles());
        assertFalse(rules.requirementFor("/api/public/x").tokenRequired());
        assertTrue(rules.requirementFor("/api/me").tokenRequired());
        assertFalse(rules.requirementFor("/static/app.js").tokenRequired());
    }

    @Test
    void ofWhenAPatternOrRuleIsBadThenTheSettingItIsInIsNamed() {
        assertEquals("roles", assertThrows(ConfigException.class, () -> rules(List.of(), List.of(), List.of("/x/*"))).key());
        assertEquals("roles", assertThrows(ConfigException.class, () -> rules(List.of(), List.of(), List.of("/x/*= | "))).key());
        assertEquals("roles", assertThrows(ConfigException.class, () -> rules(List.of(), List.of(), List.of("x/*=A"))).key());
        assertEquals("public", assertThrows(ConfigException.class, () -> rules(List.of("/a*"), List.of(), List.of())).key());
        assertEquals("protected", assertThrows(ConfigException.class, () -> rules(List.of(), List.of("**"), List.of())).key());
    }

    private static PathRules rules(List<String> publicPatterns, List<String> protectedPatterns, List<String> roleRules) {
        return PathRules.of(new PathRules.Setting("public", publicPatterns), new PathRules.Setting("protected", protectedPatterns),
                new PathRules.Setting("roles", roleRules));
    }
}
