package io.jwtauth.core.flow;

/**
 * What a request presents as its credential, as an entry point found it: nothing, something that claims to be
 * a token and is not (a malformed {@code Bearer} header), a token (not yet verified), or a browser cookie's
 * token on an unsafe request that did not prove it came from the application's own page (no or the wrong
 * CSRF token, or another origin). Immutable.
 */
public record Credential(Kind kind, String token, DpopRequest dpop) {
    /** The three states an entry point can find. */
    public enum Kind { NONE, MALFORMED, TOKEN, CROSS_SITE }

    public static final Credential NONE = new Credential(Kind.NONE, null, null);
    public static final Credential MALFORMED = new Credential(Kind.MALFORMED, null, null);
    /** A cookie's token on an unsafe request without the proof that the application's page sent it: never used. */
    public static final Credential CROSS_SITE = new Credential(Kind.CROSS_SITE, null, null);

    /** Without a DPoP proof (the form before DPoP). */
    public Credential(Kind kind, String token) {
        this(kind, token, null);
    }

    /** A token presented as a bearer token ({@code Authorization: Bearer}, or a cookie). */
    public static Credential token(String token) {
        return new Credential(Kind.TOKEN, token, null);
    }

    /** A token presented with the {@code DPoP} scheme, and the proof the request carries (RFC 9449 §7.1). */
    public static Credential dpop(String token, DpopRequest proof) {
        return new Credential(Kind.TOKEN, token, java.util.Objects.requireNonNull(proof));
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    public boolean isToken() {
        return kind == Kind.TOKEN;
    }
}
