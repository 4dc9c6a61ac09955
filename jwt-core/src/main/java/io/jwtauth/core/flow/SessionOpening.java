package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.external.ExternalTokens;
import io.jwtauth.core.external.ProviderSignIn;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.tokens.IssuedToken;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a session begins, by password or through an identity provider:
 * <ul>
 *   <li>a DPoP proof is checked before the password, so a bad one costs no password check and no failure count;</li>
 *   <li>the password is checked under the throttle ({@link LoginChecks}), and a local name in an identity provider's
 *       namespace ({@code <provider>:<name>}) is refused, since it would pass for that provider's user;</li>
 *   <li>the session gets a renewal deadline fixed now ({@code jwtauth.renewal.ttl}); a user holds at most
 *       {@code jwtauth.sessions.max-per-user} live sessions, and a login beyond it ends the oldest;</li>
 *   <li>the store's after-login step (a password-hash upgrade, say) runs only once the session is stored, and its
 *       failure does not undo the login.</li>
 * </ul>
 * Immutable and thread-safe; {@link AuthService} times and counts each call.
 */
final class SessionOpening {
    private static final Logger LOG = LoggerFactory.getLogger(SessionOpening.class);

    private final AuthSettings settings;
    private final SessionTokens tokens;
    private final Sessions sessions;
    private final LoginChecks logins;
    private final ProviderSessions providerSessions;
    private final ExternalTokens externalTokens;
    private final DpopBinding dpop;
    private final AuditEvents audit;
    /** Has this node's poller read the feed now: an ended session may be in this node's cache. */
    private final Runnable wakePoller;

    SessionOpening(AuthSettings settings, SessionTokens tokens, Sessions sessions, LoginChecks logins,
                   ProviderSessions providerSessions, ExternalTokens externalTokens, DpopBinding dpop, AuditEvents audit,
                   Runnable wakePoller) {
        this.settings = settings;
        this.tokens = tokens;
        this.sessions = sessions;
        this.logins = logins;
        this.providerSessions = providerSessions;
        this.externalTokens = externalTokens;
        this.dpop = dpop;
        this.audit = audit;
        this.wakePoller = wakePoller;
    }

    /** A password login: see the class comment for the order of the checks. */
    TokenResponse login(String username, char[] password, ClientInfo client, SessionOptions options) {
        String boundKey = dpop.keyForNewTokens(options.dpop(), null, null);
        CredentialCheck accepted = checkLocalUser(username, password, client);
        TokenResponse opened = open(accepted.user(), client, boundKey, options.plainTokenType(), null);
        runAfterLogin(accepted);
        return opened;
    }

    /**
     * The sign-in's callback ({@link ProviderSessions} checks it); a session of the user the identity provider signed in,
     * linked to the provider's session so that its logout ends this one. A refusal is audited and nothing is opened.
     */
    SignInResult signIn(String provider, SignInCallback callback, ClientInfo client) {
        try {
            ProviderSessions.Finished finished = providerSessions.finish(provider, callback);
            ProviderSignIn.SignedIn signedIn = finished.user();
            TokenResponse opened = open(ProviderSessions.userOf(signedIn), client, null, false,
                    new ProviderSessions.Link(signedIn.provider(), signedIn.providerSessionId()));
            return new SignInResult(opened, finished.returnPath(), signedIn.idToken());
        } catch (AuthException refused) {
            audit.emit(AuthEvent.Type.LOGIN_FAILED, null, null, null, client, refused.error());
            LOG.info("jwtauth: a sign-in through identity provider '{}' was refused: {}", provider, refused.getMessage());
            throw refused;
        }
    }

    /** The password check of {@link #login} without a session: the container keeps the application's own. */
    LocalUser verifyPassword(String username, char[] password, ClientInfo client) {
        CredentialCheck accepted = checkLocalUser(username, password, client);
        runAfterLogin(accepted);
        UserRecord user = accepted.user();
        audit.emit(AuthEvent.Type.LOGIN_SUCCEEDED, user.username(), user.userId(), null, client, null);
        return new LocalUser(user.userId(), user.username(), user.displayName(), user.roles());
    }

    /** Stores a new session of {@code user} (signed in at {@code provider}, or null), within the per-user cap, and audits it. */
    private TokenResponse open(UserRecord user, ClientInfo client, String boundKey, boolean plainType,
                               ProviderSessions.Link provider) {
        Instant now = tokens.now();
        Instant deadline = now.plus(settings.renewalTtl());
        String sessionId = SessionTokens.newSessionId();
        String renewalToken = SessionTokens.newRenewalToken();
        IssuedToken access = tokens.issue(user, sessionId, now, deadline, boundKey, plainType, provider);
        sessions.open(new SessionRecord(sessionId, user.userId(), Secrets.sha256(renewalToken), List.of(), null, 0,
                access.tokenId(), Secrets.sha256(user.credentialStamp()), now, null, deadline, null,
                client.address(), client.userAgent()));
        if (sessions.revokeOldest(user.userId(), settings.maxSessionsPerUser(), now) > 0) {
            wakePoller.run();
        }
        audit.emit(AuthEvent.Type.LOGIN_SUCCEEDED, user.username(), user.userId(), sessionId, client, null);
        return new TokenResponse(user.userId(), user.displayName(), access.token(), renewalToken, access.expiresAt(), deadline,
                boundKey != null);
    }

    private CredentialCheck checkLocalUser(String username, char[] password, ClientInfo client) {
        CredentialCheck accepted = logins.check(username, password, client);
        UserRecord user = accepted.user();
        if (externalTokens.isReservedName(user.username())) {
            LOG.warn("jwtauth: local user id {} may not log in: the name is in an identity provider's namespace (<provider>:<name>), "
                    + "where it would pass for that provider's user; rename the user or set the provider's plain-names", user.userId());
            audit.emit(AuthEvent.Type.LOGIN_FAILED, username, user.userId(), null, client, AuthError.BAD_CREDENTIALS);
            throw new AuthException(AuthError.BAD_CREDENTIALS, "local user name in an identity provider's namespace");
        }
        return accepted;
    }

    private static void runAfterLogin(CredentialCheck accepted) {
        if (accepted.afterLogin() != null) {
            try {
                accepted.afterLogin().run();
            } catch (RuntimeException e) {
                LOG.warn("jwtauth: the identity store's after-login step failed for user id {} ({}); the login stands",
                        accepted.user().userId(), e.getClass().getSimpleName());
            }
        }
    }
}
