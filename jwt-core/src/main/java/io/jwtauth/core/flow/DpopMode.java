package io.jwtauth.core.flow;

/** {@code jwtauth.dpop}: whether sessions may, must or may not be bound to a client's key (DPoP, RFC 9449). */
public enum DpopMode {
    /** Proofs are ignored at login and renewal; the {@code DPoP} scheme and bound tokens are refused. */
    OFF,
    /** A login or renewal with a proof binds the session; bound tokens need a proof, unbound ones are bearer tokens. */
    ALLOWED,
    /** Every login and renewal needs a proof, and every token must be bound and presented with one. */
    REQUIRED
}
