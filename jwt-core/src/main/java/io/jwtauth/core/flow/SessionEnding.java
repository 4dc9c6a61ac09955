package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.external.ExternalTokens;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.tokens.LogoutTokens;
import io.jwtauth.core.tokens.VerifiedToken;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How sessions end, each audited:
 * <ul>
 *   <li>logout needs the session's latest access token (expired is fine; a DPoP-bound session also a proof of its key),
 *       read against the store, never this node's cache: an old leaked token cannot log out again and again;</li>
 *   <li>the application or an operator ends every session of a user ({@code SESSIONS_ENDED}), and so does a store's
 *       own password change or account lock ({@link io.jwtauth.core.spi.SessionControl});</li>
 *   <li>an identity provider's back-channel logout refuses that provider's tokens of the session (or subject) issued
 *       up to the logout, on every node within the revocation bound ({@link ProviderLogouts}).</li>
 * </ul>
 * Every ending wakes this node's poller, since other nodes learn it from the feed. Immutable and thread-safe.
 */
final class SessionEnding {
    private static final Logger LOG = LoggerFactory.getLogger(SessionEnding.class);

    private final SessionTokens tokens;
    private final Sessions sessions;
    private final ExternalTokens externalTokens;
    private final ProviderSessions providerSessions;
    private final ProviderLogouts providerLogouts;
    private final DpopBinding dpop;
    private final AuditEvents audit;
    private final Runnable wakePoller;

    SessionEnding(SessionTokens tokens, Sessions sessions, ExternalTokens externalTokens, ProviderSessions providerSessions,
                  ProviderLogouts providerLogouts, DpopBinding dpop, AuditEvents audit, Runnable wakePoller) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.externalTokens = externalTokens;
        this.providerSessions = providerSessions;
        this.providerLogouts = providerLogouts;
        this.dpop = dpop;
        this.audit = audit;
        this.wakePoller = wakePoller;
    }

    void logout(String accessToken, boolean allSessions, ClientInfo client, DpopRequest proof) {
        VerifiedToken token = tokens.verify(accessToken, true);
        dpop.checkLogout(token.confirmationKey(), proof, accessToken);
        Optional<SessionRecord> found = sessions.reload(token.sessionId());
        if (found.isEmpty() || found.get().isRevoked() || !found.get().userId().equals(token.subject())
                || !found.get().accessTokenId().equals(token.tokenId())) {
            audit.emit(AuthEvent.Type.LOGOUT_REFUSED, token.username(), token.subject(), token.sessionId(), client, AuthError.BAD_TOKEN);
            throw new AuthException(AuthError.BAD_TOKEN, "logout needs the latest access token of a live session");
        }
        SessionRecord session = found.get();
        Instant now = tokens.now();
        if (allSessions) {
            int ended = sessions.revokeAllOfUser(session, now);
            LOG.debug("logout-all ended {} sessions", ended);
            audit.emit(AuthEvent.Type.LOGGED_OUT_ALL, token.username(), session.userId(), session.sessionId(), client, null);
        } else {
            sessions.revoke(session, now);
            audit.emit(AuthEvent.Type.LOGGED_OUT, token.username(), session.userId(), session.sessionId(), client, null);
        }
    }

    /** Where the browser ends its session at the identity provider too; {@code null} unless the token is ours and signed in there. */
    URI endSessionUrl(String accessToken, String idTokenHint, String postLogoutRedirectUri) {
        VerifiedToken token;
        try {
            token = tokens.verify(accessToken, true);
        } catch (AuthException notOurs) {
            return null;
        }
        return providerSessions.endSessionUrl(token, idTokenHint, postLogoutRedirectUri);
    }

    int endSessions(String userId, String reason) {
        int ended = sessions.revokeAllOfUser(userId, tokens.now());
        wakePoller.run();
        LOG.info("jwtauth: ended {} sessions of user id {} ({})", ended, userId, reason);
        audit.emit(AuthEvent.Type.SESSIONS_ENDED, null, userId, null, null, null);
        return ended;
    }

    void backchannelLogout(String provider, String logoutToken, ClientInfo client) {
        LogoutTokens.LogoutToken logout = externalTokens.verifyLogout(provider, logoutToken);
        // The logout's time on the provider's clock, which also stamped its tokens' iat: a node whose own clock is behind
        // must not let tokens issued just before the logout through. A node ahead only refuses a few more.
        Instant now = tokens.now();
        Instant loggedOutAt = logout.issuedAt().isAfter(now) ? logout.issuedAt() : now;
        providerLogouts.record(provider, logout.sessionId(), logout.subject(), loggedOutAt);
        wakePoller.run();
        LOG.info("jwtauth: identity provider '{}' logged out {}", provider, logout.sessionId() != null ? "a session" : "a subject");
        audit.emit(AuthEvent.Type.PROVIDER_LOGOUT, null, logout.subject(), null, client, null);
    }
}
