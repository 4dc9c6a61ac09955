package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
        assertTrue(UrlPattern.parse("/*").matches("/a/b"));
    }

    @Test
    void parseWhenInvalidPatternThenRefused() {
        for (String bad : List.of("api/*", "/a/*/b", "/a*", "*.", "**")) {
            assertThrows(IllegalArgumentException.class, () -> UrlPattern.parse(bad), bad);
        }
    }
}
