package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PathRulesTest {
    @Test
    void requirementWhenPublicExtensionInsideProtectedPrefixThenPrefixWinsAsInWebXml() {
        // The README's own example: /api/* protected, *.css public. A servlet container maps /api/users.css to the
        // /api/* servlet, so it must stay protected.
        PathRules rules = rules(List.of("/health", "*.css"), List.of("/api/*"), List.of());
        assertTrue(rules.requirementFor("/api/users.css").tokenRequired());
        assertTrue(rules.requirementFor("/api").tokenRequired());
        assertFalse(rules.requirementFor("/site/app.css").tokenRequired());
        assertFalse(rules.requirementFor("/health").tokenRequired());
        assertFalse(rules.requirementFor("/index.html").tokenRequired(), "no pattern matches: open");
    }

    @Test
    void requirementWhenPatternsOverlapThenExactThenLongestPrefixThenExtensionThenDefault() {
        PathRules rules = rules(List.of("/api/public/*", "/api/admin/open", "*.png"), List.of("/"),
                List.of("/api/admin/*=Administrators|Auditors", "/api/admin/reports/*=Auditors", "/img/secret/*=Staff"));
        assertFalse(rules.requirementFor("/api/admin/open").tokenRequired(), "exact beats prefix");
        assertEquals(Set.of("Administrators", "Auditors"), rules.requirementFor("/api/admin/users").anyOfRoles());
        assertEquals(Set.of("Auditors"), rules.requirementFor("/api/admin/reports/1").anyOfRoles(), "the longest prefix");
        assertFalse(rules.requirementFor("/api/public/x").tokenRequired());
        assertEquals(Set.of("Staff"), rules.requirementFor("/img/secret/a.png").anyOfRoles(), "prefix beats extension");
        assertFalse(rules.requirementFor("/img/logo.png").tokenRequired(), "extension beats default");
        assertTrue(rules.requirementFor("/api/me").tokenRequired(), "the default");
        assertTrue(rules.requirementFor("/").tokenRequired());
    }

    @Test
    void requirementWhenEverythingPrefixThenItBeatsExtensionsButNotLongerPrefixes() {
        PathRules rules = rules(List.of("/static/*"), List.of("/*"), List.of());
        assertTrue(rules.requirementFor("/page.html").tokenRequired());
        assertFalse(rules.requirementFor("/static/app.js").tokenRequired());
    }

    @Test
    void ofWhenPublicExtensionHiddenByProtectedEverythingThenRefusedNamingBoth() {
        ConfigException refused = assertThrows(ConfigException.class, () -> rules(List.of("*.css"), List.of("/*"), List.of()));
        assertEquals("public", refused.key());
        assertTrue(refused.getMessage().contains("'*.css'") && refused.getMessage().contains("'/*' in protected"), refused.getMessage());
    }

    @Test
    void ofWhenOnePatternHasTwoMeaningsThenRefusedNamingBoth() {
        ConfigException refused = assertThrows(ConfigException.class, () -> rules(List.of("/api/*"), List.of("/api/*"), List.of()));
        assertEquals("public", refused.key());
        assertTrue(refused.getMessage().contains("also in protected"), refused.getMessage());
        assertThrows(ConfigException.class, () -> rules(List.of(), List.of(), List.of("/a/*=X", "/a/*=Y")));
        // A role rule and a protected entry agree: the role rule applies.
        assertEquals(Set.of("X"), rules(List.of(), List.of("/a/*"), List.of("/a/*=X")).requirementFor("/a/b").anyOfRoles());
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
