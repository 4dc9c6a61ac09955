package io.jwtauth.core.flow;

/**
 * What a request presents as its credential, as an entry point found it: nothing, something that claims to be
 * a token and is not (a malformed {@code Bearer} header), or a token, not yet verified. Immutable.
 */
public record Credential(Kind kind, String token) {
    /** The three states an entry point can find. */
    public enum Kind { NONE, MALFORMED, TOKEN }

    public static final Credential NONE = new Credential(Kind.NONE, null);
    public static final Credential MALFORMED = new Credential(Kind.MALFORMED, null);

    public static Credential token(String token) {
        return new Credential(Kind.TOKEN, token);
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    public boolean isToken() {
        return kind == Kind.TOKEN;
    }
}
