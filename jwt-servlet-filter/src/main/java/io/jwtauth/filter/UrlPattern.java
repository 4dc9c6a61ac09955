package io.jwtauth.filter;

/**
 * A servlet url-pattern, as in {@code web.xml}: exact ({@code /api/me}), path prefix ({@code /api/*}, and
 * {@code /*} for every path), extension ({@code *.jsp}) or default ({@code /}: whatever no other pattern
 * matches). Immutable.
 */
final class UrlPattern {
    /** The kinds in the servlet specification's order of precedence (§12.1): the first that matches wins. */
    enum Kind { EXACT, PREFIX, EXTENSION, DEFAULT }

    private final String pattern;
    private final Kind kind;
    private final String value;

    private UrlPattern(String pattern, Kind kind, String value) {
        this.pattern = pattern;
        this.kind = kind;
        this.value = value;
    }

    /** Parses a pattern; {@link IllegalArgumentException} says what is wrong with it. */
    static UrlPattern parse(String pattern) {
        String text = pattern.strip();
        if (text.equals("/")) {
            return new UrlPattern(text, Kind.DEFAULT, "");
        }
        if (text.startsWith("*.") && text.length() > 2 && text.indexOf('/') < 0 && text.indexOf('*', 1) < 0) {
            return new UrlPattern(text, Kind.EXTENSION, text.substring(1));
        }
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' must start with / or be *.extension");
        }
        if (text.endsWith("/*") && text.indexOf('*') == text.length() - 1) {
            return new UrlPattern(text, Kind.PREFIX, text.substring(0, text.length() - 2));
        }
        if (text.indexOf('*') >= 0) {
            throw new IllegalArgumentException("'" + text + "': * is only allowed as /prefix/* or *.extension");
        }
        return new UrlPattern(text, Kind.EXACT, text);
    }

    /** Whether {@code path} (context-relative, decoded and normalised by the container) matches. */
    boolean matches(String path) {
        return switch (kind) {
            case DEFAULT -> true;
            case EXACT -> path.equals(value);
            case PREFIX -> value.isEmpty() || path.equals(value) || (path.startsWith(value) && path.charAt(value.length()) == '/');
            case EXTENSION -> path.endsWith(value) && path.lastIndexOf('/') < path.length() - value.length();
        };
    }

    Kind kind() {
        return kind;
    }

    /** For prefixes and extensions: how specific the pattern is (a longer prefix wins over a shorter one). */
    int length() {
        return value.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
