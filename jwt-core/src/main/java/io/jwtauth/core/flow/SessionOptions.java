package io.jwtauth.core.flow;

/**
 * How a login or renewal issues the session's tokens: with header {@code typ} {@code JWT} instead of {@code at+jwt}
 * (the DNN profile's clients know only that one), and bound to the key of a DPoP proof the request carries (or
 * {@code null}: none was sent). Immutable.
 */
public record SessionOptions(boolean plainTokenType, DpopRequest dpop) {
    /** RFC 9068 typing, no proof. */
    public static final SessionOptions DEFAULT = new SessionOptions(false, null);
}
