package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-request decision, written once for every entry point (the filter, the Jakarta Authentication module,
 * the Jetty adapters): given what the request presents and what its target requires, one {@link Admission}, counted.
 *
 * <ul>
 *   <li>No credential: refused {@code no-token} where one is required, anonymous elsewhere.</li>
 *   <li>A malformed one or a token that does not hold ({@code bad-jwt}, {@code bad-token}, {@code bad-dpop} for a
 *       DPoP-bound token without a valid proof of its key): refused where a token is required, anonymous elsewhere (a
 *       public page stays reachable with a stale token).</li>
 *   <li>A browser cookie on an unsafe request that did not prove it came from the application's page: refused
 *       {@code csrf} where a token is required, anonymous elsewhere; the token is not even looked at, so another
 *       site learns nothing about it.</li>
 *   <li>Any other refusal ({@code unavailable}, say) is a refusal everywhere: the answer cannot be trusted.</li>
 *   <li>A valid token without any of the required roles: {@code forbidden}.</li>
 * </ul>
 * Thread-safe.
 */
final class RequestGate {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    private final Function<Credential, AuthenticatedUser> authenticate;
    private final AuthCounters counters;

    RequestGate(Function<Credential, AuthenticatedUser> authenticate, AuthCounters counters) {
        this.authenticate = authenticate;
        this.counters = counters;
    }

    Admission admit(Credential credential, Requirement requirement) {
        if (credential.isNone()) {
            return requirement.tokenRequired() ? refuse(AuthError.NO_TOKEN, null) : Admission.ANONYMOUS;
        }
        if (credential.kind() == Credential.Kind.CROSS_SITE) {
            return requirement.tokenRequired() ? refuse(AuthError.CSRF, null) : Admission.ANONYMOUS;
        }
        AuthenticatedUser user;
        try {
            if (!credential.isToken()) {
                throw new AuthException(AuthError.BAD_JWT, "malformed credential");
            }
            user = authenticate.apply(credential);
        } catch (AuthException refusal) {
            boolean tokenProblem = refusal.error() == AuthError.BAD_JWT || refusal.error() == AuthError.BAD_TOKEN
                    || refusal.error() == AuthError.BAD_DPOP;
            if (!requirement.tokenRequired() && tokenProblem) {
                return Admission.ANONYMOUS;
            }
            LOG.debug("jwtauth: refused: {}", refusal.getMessage());
            return refuse(refusal.error(), refusal);
        }
        if (!requirement.anyOfRoles().isEmpty() && requirement.anyOfRoles().stream().noneMatch(user::hasRole)) {
            return refuse(AuthError.FORBIDDEN, null);
        }
        counters.authenticated();
        return Admission.of(user);
    }

    /** A container's own refusal of an authenticated caller (its constraint names a role the caller lacks). */
    Admission refuseMissingRole() {
        return refuse(AuthError.FORBIDDEN, null);
    }

    private Admission refuse(AuthError error, AuthException refusal) {
        counters.refused(error);
        return Admission.refused(error, refusal == null ? null : refusal.retryAfter());
    }
}
