package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.tokens.IssuedToken;
import io.jwtauth.core.tokens.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewal, read in order:
 * <ul>
 *   <li>it needs the session's latest access token (expired is fine) and its current renewal token; both are
 *       replaced, the old access token stops working, and the new one expires at min(now + access TTL, renewal
 *       deadline), a deadline fixed at login;</li>
 *   <li>the swap is one compare-and-set: of concurrent renewals with the same token exactly one wins; the others get
 *       {@code bad-token} and the winner's session lives on (concurrent: arrived before the winner's write
 *       committed);</li>
 *   <li>a superseded renewal token is a replay (RFC 9700 §4.14.2) and revokes the session, unless it lost a race or
 *       {@code jwtauth.renewal.reuse-grace} forgives it: {@link RenewalRotation} judges, on the store's clock;</li>
 *   <li>a changed credential stamp (password change), a disabled or deleted user ends the session; so does the
 *       identity provider's refusal of a provider session's user ({@link ProviderSessions});</li>
 *   <li>with {@code jwtauth.renewal.rotate=false} (DNN's semantics) the session keeps one renewal token.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class SessionRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRenewal.class);
    /** A renewal token we issued is 43 characters; anything much longer is not one. */
    private static final int MAX_RENEWAL_TOKEN_LENGTH = 128;

    private final boolean rotate;
    private final SessionTokens tokens;
    private final Sessions sessions;
    private final IdentityStore identities;
    private final ProviderSessions providerSessions;
    private final RenewalRotation rotation;
    private final DpopBinding dpop;
    private final AuditEvents audit;

    SessionRenewal(AuthSettings settings, SessionTokens tokens, Sessions sessions, IdentityStore identities,
                   ProviderSessions providerSessions, DpopBinding dpop, AuditEvents audit) {
        this.rotate = settings.rotateRenewalTokens();
        if (!rotate) {
            LOG.warn("jwtauth: {}=false: one renewal token serves the whole session (DNN's semantics). A copied renewal token is "
                    + "no longer detected when both copies are used, and stays good until the session ends ({}); "
                    + "only the session's latest access token must go with it", AuthSettings.RENEWAL_ROTATE, AuthSettings.RENEWAL_TTL);
        }
        this.tokens = tokens;
        this.sessions = sessions;
        this.identities = identities;
        this.providerSessions = providerSessions;
        this.rotation = new RenewalRotation(settings.reuseGrace());
        this.dpop = dpop;
        this.audit = audit;
    }

    TokenResponse renew(String accessToken, String renewalToken, ClientInfo client, SessionOptions options) {
        // Taken first, on this node's monotonic clock: how long this request has been in flight when judged.
        long arrivedNanos = System.nanoTime();
        VerifiedToken token = tokens.verify(accessToken, true);
        String boundKey = dpop.keyForNewTokens(options.dpop(), token.confirmationKey(), accessToken);
        String sessionId = token.sessionId();
        if (renewalToken == null || renewalToken.isEmpty() || renewalToken.length() > MAX_RENEWAL_TOKEN_LENGTH) {
            throw refuse(token, client, "malformed renewal token");
        }
        Instant now = tokens.now();
        // Read fresh (one primary-key query; a client renews once per access-token lifetime): the cache keeps only
        // what the request path needs, and a fresh read tells a replay from a stale view at once.
        long version = sessions.version();
        SessionRecord session = liveSession(sessions.reload(sessionId), token, client);
        if (!now.isBefore(session.renewalDeadline())) {
            audit.emit(AuthEvent.Type.RENEWAL_REFUSED, null, session.userId(), sessionId, client, AuthError.NOT_MORE_RENEWAL);
            throw new AuthException(AuthError.NOT_MORE_RENEWAL, "renewal deadline passed");
        }
        String presented = Secrets.sha256(renewalToken);
        if (!Secrets.constantTimeEquals(presented, session.renewalHash())) {
            throw refuseSupersededToken(session, presented, Duration.ofNanos(System.nanoTime() - arrivedNanos), now, client);
        }
        if (!session.accessTokenId().equals(token.tokenId())) {
            throw refuse(token, client, "access token is not the session's latest");
        }
        ProviderSessions.Link provider = ProviderSessions.linkOf(token);
        UserRecord user = provider != null ? providerUser(token, provider, session, now, client) : storedUser(token, session, now, client);
        String newRenewalToken = rotate ? SessionTokens.newRenewalToken() : renewalToken;
        IssuedToken access = tokens.issue(user, sessionId, now, session.renewalDeadline(), boundKey, options.plainTokenType(), provider);
        RenewalUpdate update = rotate ? rotation.next(session, Secrets.sha256(newRenewalToken), access.tokenId(), now)
                : rotation.keep(session, access.tokenId(), now);
        if (!sessions.renew(session, update, now, version)) {
            throw refuse(token, client, "a concurrent renewal with the same token won");
        }
        audit.emit(AuthEvent.Type.RENEWED, user.username(), user.userId(), sessionId, client, null);
        return new TokenResponse(user.userId(), user.displayName(), access.token(), newRenewalToken, access.expiresAt(),
                session.renewalDeadline(), boundKey != null);
    }

    /** The user of a renewal, from the identity store: a changed credential stamp, a disabled or deleted user ends the session. */
    private UserRecord storedUser(VerifiedToken token, SessionRecord session, Instant now, ClientInfo client) {
        String userId = session.userId();
        Optional<UserRecord> found = StoreCalls.call(() -> identities.findById(userId));
        if (found.isEmpty() || !found.get().enabled()
                || !Secrets.constantTimeEquals(Secrets.sha256(found.get().credentialStamp()), session.credentialDigest())) {
            sessions.revoke(session, now);
            throw refuse(token, client, found.isEmpty() ? "user deleted" : !found.get().enabled()
                    ? "user disabled" : "credentials changed since login");
        }
        return found.get();
    }

    /** The user of a provider session's renewal (see {@link ProviderSessions}); a refusal ends the session. */
    private UserRecord providerUser(VerifiedToken token, ProviderSessions.Link provider, SessionRecord session, Instant now,
                                    ClientInfo client) {
        try {
            return providerSessions.renewalUser(token, provider, session);
        } catch (AuthException refused) {
            sessions.revoke(session, now);
            throw refuse(token, client, refused.getMessage());
        }
    }

    /** A renewal token that is not the session's current one: {@link RenewalRotation} says what it means. */
    private AuthException refuseSupersededToken(SessionRecord session, String presented, Duration inFlight, Instant now,
                                                ClientInfo client) {
        RenewalRotation.Verdict verdict = rotation.judge(session, presented, sessions::storeTime, inFlight);
        if (verdict == RenewalRotation.Verdict.REPLAY) {
            sessions.revoke(session, now);
            audit.emit(AuthEvent.Type.REPLAY_DETECTED, null, session.userId(), session.sessionId(), client, AuthError.BAD_TOKEN);
            return new AuthException(AuthError.BAD_TOKEN, "superseded renewal token presented: session revoked");
        }
        audit.emit(AuthEvent.Type.RENEWAL_REFUSED, null, session.userId(), session.sessionId(), client, AuthError.BAD_TOKEN);
        return new AuthException(AuthError.BAD_TOKEN, switch (verdict) {
            case FOREIGN -> "renewal token does not belong to the session";
            case RACE -> "lost a race with a concurrent renewal using the same token";
            default -> "renewal token superseded moments ago (within reuse grace)";
        });
    }

    private SessionRecord liveSession(Optional<SessionRecord> found, VerifiedToken token, ClientInfo client) {
        if (found.isEmpty() || found.get().isRevoked() || !found.get().userId().equals(token.subject())) {
            throw refuse(token, client, "session unknown or revoked");
        }
        return found.get();
    }

    private AuthException refuse(VerifiedToken token, ClientInfo client, String detail) {
        audit.emit(AuthEvent.Type.RENEWAL_REFUSED, token.username(), token.subject(), token.sessionId(), client, AuthError.BAD_TOKEN);
        return new AuthException(AuthError.BAD_TOKEN, detail);
    }
}
