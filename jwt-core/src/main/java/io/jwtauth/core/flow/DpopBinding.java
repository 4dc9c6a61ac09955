package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.tokens.DpopVerifier;
import java.time.Clock;
import java.time.Duration;

/**
 * Sender-constrained tokens (RFC 9449), by {@code jwtauth.dpop}:
 * <ul>
 *   <li>a login or renewal with a valid proof binds the session's new tokens to the proof's key ({@code cnf.jkt});
 *       a session's binding is carried by its latest access token, so every later renewal (and logout) needs a proof
 *       by the same key, and a stolen renewal token is worth nothing without it;</li>
 *   <li>a bound token is accepted only as {@code Authorization: DPoP} with a proof of its key for this request (and
 *       {@code ath}); presented as a bearer token it is refused;</li>
 *   <li>{@code required}: unbound logins, renewals and tokens are refused; {@code off}: proofs are ignored at login
 *       and the {@code DPoP} scheme and bound tokens are refused.</li>
 * </ul>
 * Every refusal is {@code bad-dpop}. Thread-safe.
 */
final class DpopBinding {
    /** Proofs remembered for the replay check: a few minutes of a busy node's proofs. */
    private static final int MAX_REMEMBERED_PROOFS = 500_000;

    private final DpopMode mode;
    private final DpopVerifier verifier;

    DpopBinding(DpopMode mode, Duration maxAge, Duration clockSkew, Clock clock) {
        this.mode = mode;
        this.verifier = mode == DpopMode.OFF ? null : new DpopVerifier(maxAge, clockSkew, clock, MAX_REMEMBERED_PROOFS);
    }

    /** A request's token, as its user came out of the token check: see the class comment. */
    void checkRequest(AuthenticatedUser user, Credential credential) {
        String bound = user.confirmationKey();
        DpopRequest dpop = credential.dpop();
        if (dpop == null) {
            if (bound != null) {
                throw refuse("a DPoP-bound token presented as a bearer token");
            }
            if (mode == DpopMode.REQUIRED) {
                throw refuse("jwtauth.dpop=required: the token must be DPoP-bound");
            }
            return;
        }
        if (mode == DpopMode.OFF) {
            throw refuse("jwtauth.dpop=off: the DPoP scheme is not accepted");
        }
        DpopVerifier.Proof proof = verifier.verify(dpop.proof(), dpop.method(), dpop.url(), credential.token(), true);
        if (bound == null) {
            throw refuse("the DPoP scheme with a token that is not DPoP-bound");
        }
        if (!Secrets.constantTimeEquals(bound, proof.thumbprint())) {
            throw refuse("the proof's key is not the one the token is bound to");
        }
    }

    /**
     * The key a session's new tokens are bound to: at login ({@code currentKey} null) the proof's key, if one came; at
     * renewal the key of the presented token, proven again, or (an unbound session) a proof's key binds it from now on.
     *
     * @param presentedToken the access token the renewal presents, for a proof's {@code ath}; {@code null} at login
     */
    String keyForNewTokens(DpopRequest dpop, String currentKey, String presentedToken) {
        boolean proofSent = dpop != null && dpop.proof() != null;
        if (mode == DpopMode.OFF) {
            if (currentKey != null) {
                throw refuse("jwtauth.dpop=off, and the session is DPoP-bound");
            }
            return null;
        }
        if (!proofSent) {
            if (currentKey != null) {
                throw refuse("the session is DPoP-bound: its renewal needs a proof of the key");
            }
            if (mode == DpopMode.REQUIRED) {
                throw refuse("jwtauth.dpop=required: a DPoP proof is needed");
            }
            return null;
        }
        DpopVerifier.Proof proof = verifier.verify(dpop.proof(), dpop.method(), dpop.url(), presentedToken, false);
        if (currentKey != null && !Secrets.constantTimeEquals(currentKey, proof.thumbprint())) {
            throw refuse("the proof is by another key than the session's");
        }
        return proof.thumbprint();
    }

    /** A logout with a bound token needs a proof of its key, as a request would. */
    void checkLogout(String boundKey, DpopRequest dpop, String presentedToken) {
        if (boundKey != null) {
            keyForNewTokens(dpop, boundKey, presentedToken); // the same proof of the session's key a renewal needs
        }
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.BAD_DPOP, detail);
    }
}
