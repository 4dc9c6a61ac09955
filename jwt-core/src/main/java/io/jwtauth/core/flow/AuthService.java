package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.external.ExternalTokens;
import io.jwtauth.core.external.ProviderSignIn;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.tokens.IssuedToken;
import io.jwtauth.core.tokens.SignInStates;
import io.jwtauth.core.tokens.VerifiedToken;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DNN-style flow: login, renewal, logout, and per-request authentication. Every security decision is
 * made here — token lifetimes, renewal-token rotation and replay detection, the credential-stamp check,
 * which access token of a session is current — so that a storage provider cannot get one wrong.
 *
 * <p>Rules:
 * <ul>
 *   <li>Login creates a session with a renewal deadline fixed at login ({@code jwtauth.renewal.ttl}).</li>
 *   <li>Renewal needs the session's latest access token (expired is fine) and its current renewal token;
 *       both are replaced, the old access token stops working, and the new one expires at
 *       min(now + access TTL, renewal deadline). The swap is one compare-and-set: of concurrent renewals
 *       with the same token exactly one wins; the others get {@code bad-token} and the winner's session
 *       lives on. (Concurrent means: the request arrived before the winner's write committed.)</li>
 *   <li>Presenting a superseded renewal token is a replay (RFC 9700 §4.14.2): the session is revoked,
 *       unless {@code jwtauth.renewal.reuse-grace} is set and the token was superseded within it. Both are
 *       judged on the store's clock, never on two nodes' clocks: a token superseded no more than
 *       {@link #RACE_WINDOW} plus this request's own time before the store's "now" is a lost race.</li>
 *   <li>A user holds at most {@code jwtauth.sessions.max-per-user} live sessions; a login beyond it ends the
 *       oldest.</li>
 *   <li>A changed credential stamp (password change), a disabled or deleted user ends the session at
 *       renewal.</li>
 * </ul>
 *
 * <p>The rules are read here in order; the parts live next door: credentials under the throttle in
 * {@link LoginChecks}, rotation verdicts in {@link RenewalRotation}, session reads and writes (and this node's
 * cache of them) in {@link Sessions}, the change feed in {@link ChangeFeed}, the poller and purge in
 * {@link BackgroundTasks}, audit lines and listeners in {@link AuditEvents}.
 *
 * <p>Thread-safe. Build with {@link JwtAuth#builder()}; {@link #close()} stops the background tasks and closes
 * the provider. The flow's rules are kept in this one class, in order, so that a reviewer reads them together.
 */
public final class AuthService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final int SESSION_ID_BYTES = 16;
    private static final int RENEWAL_TOKEN_BYTES = 32;
    /** A renewal token we issued is 43 characters; anything much longer is not one. */
    private static final int MAX_RENEWAL_TOKEN_LENGTH = 128;
    /**
     * How long a winning renewal's write may take to commit after the store stamped it. A superseded token
     * presented within this (plus the presenting request's own time) of the stamp may have arrived before the
     * commit, so it is refused without revoking the session.
     */
    public static final Duration RACE_WINDOW = Duration.ofSeconds(1);

    private final AuthSettings settings;
    private final StoreProvider provider;
    private final IdentityStore identities;
    private final Clock clock;
    private final SessionTokens tokens;
    private final Sessions sessions;
    private final ChangeFeed feed;
    private final BackgroundTasks tasks;
    private final VerifiedTokens verifiedTokens;
    private final TokenAuthentication tokenAuthentication;
    /** Tokens of the configured external identity providers; {@link ExternalTokens#NONE} when there are none. */
    private final ExternalTokens externalTokens;
    private final LoginSlots loginSlots;
    private final AuditEvents audit;
    private final AuthCounters counters = new AuthCounters();
    private final RequestGate gate = new RequestGate(this::authenticate, counters);
    private final DpopBinding dpop;
    private final ProviderLogouts providerLogouts;
    private final LoginChecks logins;
    private final RenewalRotation rotation;
    /** Sign-in through the identity providers that have a client id, and the sessions it opens. */
    private final ProviderSessions providerSessions;

    /** Built by {@link JwtAuth.Builder}; {@code manualPolling} {@code null} starts the background tasks. */
    AuthService(AuthSettings settings, StoreProvider provider, List<AuthEventListener> listeners, Clock clock,
                ManualPolling manualPolling) {
        this.settings = settings;
        this.provider = provider;
        this.identities = provider.identityStore();
        this.clock = clock;
        this.audit = new AuditEvents(clock, listeners, counters);
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(settings.maxFailuresPerUser(), settings.maxFailuresPerAddress(),
                settings.maxFailuresPerAccount(), settings.failureWindow(), settings.loginAttemptsBurst(), settings.loginAttemptsRefill()),
                clock, provider.loginFailures().orElse(null));
        this.loginSlots = new LoginSlots(settings.maxConcurrentLogins(), settings.maxWaitingLogins(), settings.maxLoginsPerClient(),
                settings.loginQueueTimeout());
        this.logins = new LoginChecks(identities, throttle, loginSlots, audit);
        this.rotation = new RenewalRotation(settings.reuseGrace());
        if (!settings.rotateRenewalTokens()) {
            LOG.warn("jwtauth: {}=false: one renewal token serves the whole session (DNN's semantics). A copied renewal token is "
                    + "no longer detected when both copies are used, and stays good until the session ends ({}); "
                    + "only the session's latest access token must go with it", AuthSettings.RENEWAL_ROTATE, AuthSettings.RENEWAL_TTL);
        }
        this.tokens = new SessionTokens(settings, clock);
        this.dpop = new DpopBinding(settings.dpopMode(), settings.dpopMaxAge(), settings.clockSkew(), clock);
        SessionStore store = provider.sessionStore();
        this.sessions = new Sessions(store, clock, settings.sessionCacheSize(), settings.sessionCacheTtl());
        this.feed = new ChangeFeed(store, sessions, clock, System::nanoTime, settings.maxStaleness());
        this.verifiedTokens = VerifiedTokens.create(settings.tokenCacheSize(), settings.clockSkew(), clock);
        this.externalTokens = ExternalTokens.create(settings.externalIssuers(), settings.clockSkew(), settings.maxTokenLength(), clock);
        this.providerLogouts = new ProviderLogouts(sessions);
        this.providerSessions = new ProviderSessions(externalTokens, new SignInStates(settings.keyRing(), clock), sessions,
                providerLogouts, clock);
        this.tokenAuthentication = new TokenAuthentication(tokens, verifiedTokens, externalTokens, sessions, feed, counters,
                settings.clockSkew(), settings.maxStaleness(), clock, providerLogouts, providerSessions);
        provider.attach(this::endSessions);
        if (manualPolling != null) {
            manualPolling.bind(feed);
            this.tasks = BackgroundTasks.NONE;
        } else {
            this.tasks = BackgroundTasks.start(feed, store, clock, settings.pollInterval(), settings.purgeInterval(),
                    settings.maxStaleness());
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Login, renewal, logout

    /**
     * Checks credentials and opens a session. {@code bad-credentials} for any kind of mismatch, {@code throttled}
     * (with {@code Retry-After}) when the user or the client address failed too often in the window or too many
     * password checks are running.
     */
    public TokenResponse login(String username, char[] password, ClientInfo client) {
        return login(username, password, client, SessionOptions.DEFAULT);
    }

    /**
     * {@link #login(String, char[], ClientInfo)}, issuing as {@code options} say: a DPoP proof the request carries binds
     * the session to its key ({@code bad-dpop} for a bad proof, or for none where {@code jwtauth.dpop=required}).
     */
    public TokenResponse login(String username, char[] password, ClientInfo client, SessionOptions options) {
        long started = System.nanoTime();
        try {
            return openSession(username, password, client, options);
        } finally {
            counters.login(System.nanoTime() - started);
        }
    }

    private TokenResponse openSession(String username, char[] password, ClientInfo client, SessionOptions options) {
        // The proof first: a bad one costs no password check and counts no failure against the account.
        String boundKey = dpop.keyForNewTokens(options.dpop(), null, null);
        CredentialCheck accepted = checkLocalUser(username, password, client);
        TokenResponse opened = startSession(accepted.user(), client, boundKey, options.plainTokenType(), null);
        // Only now, with the session stored, may the store change the user (a password-hash upgrade, say).
        runAfterLogin(accepted);
        return opened;
    }

    /** Stores a new session of {@code user} (signed in at {@code provider}, or null), within the per-user cap, and audits it. */
    private TokenResponse startSession(UserRecord user, ClientInfo client, String boundKey, boolean plainType,
                                       ProviderSessions.Link provider) {
        Instant now = now();
        Instant deadline = now.plus(settings.renewalTtl());
        String sessionId = Secrets.randomToken(SESSION_ID_BYTES);
        String renewalToken = Secrets.randomToken(RENEWAL_TOKEN_BYTES);
        IssuedToken access = tokens.issue(user, sessionId, now, deadline, boundKey, plainType, provider);
        sessions.open(new SessionRecord(sessionId, user.userId(), Secrets.sha256(renewalToken), List.of(), null, 0,
                access.tokenId(), Secrets.sha256(user.credentialStamp()), now, null, deadline, null,
                client.address(), client.userAgent()));
        if (sessions.revokeOldest(user.userId(), settings.maxSessionsPerUser(), now) > 0) {
            // This node may hold one of the ended sessions: have the poller read the feed now.
            tasks.wake();
        }
        audit.emit(AuthEvent.Type.LOGIN_SUCCEEDED, user.username(), user.userId(), sessionId, client, null);
        return new TokenResponse(user.userId(), user.displayName(), access.token(), renewalToken, access.expiresAt(), deadline,
                boundKey != null);
    }

    // ------------------------------------------------------------------------------------------------
    // Sign-in through an identity provider (OpenID Connect code flow with PKCE)

    /**
     * The first step of a browser's sign-in at {@code provider}: where to send the browser, and the state for the cookie.
     * {@code returnPath} is where the browser goes afterwards (anything but a local path becomes {@code /});
     * {@code redirectUri} is this application's callback URL. {@code invalid_request} for a provider without sign-in,
     * {@code unavailable} when its discovery document cannot be read.
     */
    public SignInStart startSignIn(String provider, String returnPath, String redirectUri) {
        return providerSessions.start(provider, returnPath, redirectUri);
    }

    /**
     * The callback: checks the state (single use, on every node), exchanges the code, checks the ID token, and opens a
     * session of the provider's user, bound to the provider's session so that its logout ends this one.
     * {@code invalid_request} for any flaw (nothing is opened), {@code unavailable} when the provider cannot be reached.
     */
    public SignInResult finishSignIn(String provider, SignInCallback callback, ClientInfo client) {
        long started = System.nanoTime();
        try {
            ProviderSessions.Finished finished = providerSessions.finish(provider, callback);
            ProviderSignIn.SignedIn signedIn = finished.user();
            TokenResponse tokens = startSession(ProviderSessions.userOf(signedIn), client, null, false,
                    new ProviderSessions.Link(signedIn.provider(), signedIn.providerSessionId()));
            return new SignInResult(tokens, finished.returnPath(), signedIn.idToken());
        } catch (AuthException refused) {
            audit.emit(AuthEvent.Type.LOGIN_FAILED, null, null, null, client, refused.error());
            LOG.info("jwtauth: a sign-in through identity provider '{}' was refused: {}", provider, refused.getMessage());
            throw refused;
        } finally {
            counters.login(System.nanoTime() - started);
        }
    }

    /**
     * Where the browser should go to end its session at the provider too (RP-initiated logout), for a session signed in
     * there whose last access token is {@code accessToken}; {@code null} for any other session, or a provider without an
     * end-session endpoint. Call it after {@link #logout}: it checks only that the token is ours.
     */
    public URI endSessionUrl(String accessToken, String idTokenHint, String postLogoutRedirectUri) {
        VerifiedToken token;
        try {
            token = tokens.verify(accessToken, true);
        } catch (AuthException notOurs) {
            return null;
        }
        return providerSessions.endSessionUrl(token, idTokenHint, postLogoutRedirectUri);
    }

    /** The names of the identity providers browsers can sign in through (those with a {@code client-id}). */
    public Set<String> signInProviders() {
        return providerSessions.providers();
    }

    /**
     * Checks a password as {@link #login} does (the same store, throttle, audit and refusals) without opening a jwtauth
     * session: for the application's own FORM or BASIC login, whose session the container keeps.
     */
    public LocalUser verifyPassword(String username, char[] password, ClientInfo client) {
        long started = System.nanoTime();
        try {
            CredentialCheck accepted = checkLocalUser(username, password, client);
            runAfterLogin(accepted);
            UserRecord user = accepted.user();
            audit.emit(AuthEvent.Type.LOGIN_SUCCEEDED, user.username(), user.userId(), null, client, null);
            return new LocalUser(user.userId(), user.username(), user.displayName(), user.roles());
        } finally {
            counters.login(System.nanoTime() - started);
        }
    }

    /** The password check, and the refusal of a local name in an identity provider's namespace. */
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

    /**
     * Exchanges the session's latest access token (expired or not) and its current renewal token for a
     * new pair. See the class comment for the rules.
     */
    public TokenResponse renew(String accessToken, String renewalToken, ClientInfo client) {
        return renew(accessToken, renewalToken, client, SessionOptions.DEFAULT);
    }

    /**
     * {@link #renew(String, String, ClientInfo)}, issuing as {@code options} say. A DPoP-bound session needs a proof by
     * its key ({@code bad-dpop} otherwise, and the session lives on); an unbound one is bound by a proof that comes.
     */
    public TokenResponse renew(String accessToken, String renewalToken, ClientInfo client, SessionOptions options) {
        // Taken first, on this node's monotonic clock: how long this request has been in flight when judged.
        long arrivedNanos = System.nanoTime();
        refuseExternal(accessToken, "renewed");
        VerifiedToken token = tokens.verify(accessToken, true);
        String boundKey = dpop.keyForNewTokens(options.dpop(), token.confirmationKey(), accessToken);
        String sessionId = token.sessionId();
        if (renewalToken == null || renewalToken.isEmpty() || renewalToken.length() > MAX_RENEWAL_TOKEN_LENGTH) {
            throw refuseRenewal(token, client, "malformed renewal token");
        }
        Instant now = now();
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
            throw refuseRenewal(token, client, "access token is not the session's latest");
        }
        ProviderSessions.Link provider = ProviderSessions.linkOf(token);
        UserRecord user = provider != null ? providerUser(token, provider, session, now, client) : storedUser(token, session, now, client);
        // Rotating (the default), a new renewal token each time; otherwise the session's own, kept as it is.
        boolean rotate = settings.rotateRenewalTokens();
        String newRenewalToken = rotate ? Secrets.randomToken(RENEWAL_TOKEN_BYTES) : renewalToken;
        IssuedToken access = tokens.issue(user, sessionId, now, session.renewalDeadline(), boundKey, options.plainTokenType(), provider);
        RenewalUpdate update = rotate ? rotation.next(session, Secrets.sha256(newRenewalToken), access.tokenId(), now)
                : rotation.keep(session, access.tokenId(), now);
        if (!sessions.renew(session, update, now, version)) {
            throw refuseRenewal(token, client, "a concurrent renewal with the same token won");
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
            throw refuseRenewal(token, client, found.isEmpty() ? "user deleted" : !found.get().enabled()
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
            throw refuseRenewal(token, client, refused.getMessage());
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

    /** Ends the token's session, or with {@code allSessions} every session of its user. */
    public void logout(String accessToken, boolean allSessions, ClientInfo client) {
        logout(accessToken, allSessions, client, null);
    }

    /** {@link #logout(String, boolean, ClientInfo)}; a DPoP-bound session's logout needs a proof of its key. */
    public void logout(String accessToken, boolean allSessions, ClientInfo client, DpopRequest proof) {
        refuseExternal(accessToken, "logged out");
        VerifiedToken token = tokens.verify(accessToken, true);
        dpop.checkLogout(token.confirmationKey(), proof, accessToken);
        // Read fresh (one query; logouts are rare): a superseded token, or one of a session already ended, must
        // not pass on a cache that has not heard of the change yet. Otherwise an old leaked token could call
        // logout?all=true again and again.
        Optional<SessionRecord> found = sessions.reload(token.sessionId());
        if (found.isEmpty() || found.get().isRevoked() || !found.get().userId().equals(token.subject())
                || !found.get().accessTokenId().equals(token.tokenId())) {
            audit.emit(AuthEvent.Type.LOGOUT_REFUSED, token.username(), token.subject(), token.sessionId(), client, AuthError.BAD_TOKEN);
            throw new AuthException(AuthError.BAD_TOKEN, "logout needs the latest access token of a live session");
        }
        SessionRecord session = found.get();
        Instant now = now();
        if (allSessions) {
            int ended = sessions.revokeAllOfUser(session, now);
            LOG.debug("logout-all ended {} sessions", ended);
            audit.emit(AuthEvent.Type.LOGGED_OUT_ALL, token.username(), session.userId(), session.sessionId(), client, null);
        } else {
            sessions.revoke(session, now);
            audit.emit(AuthEvent.Type.LOGGED_OUT, token.username(), session.userId(), session.sessionId(), client, null);
        }
    }

    /**
     * Ends every session of a user at once, on every node: for the application or an operator (a password set, an
     * account disabled, a user removed), and for a provider's own such operations ({@link
     * io.jwtauth.core.spi.SessionControl}). Audited as {@code SESSIONS_ENDED}; {@code reason} goes to the log.
     * Returns how many sessions ended.
     */
    public int endSessions(String userId, String reason) {
        int ended = sessions.revokeAllOfUser(userId, now());
        tasks.wake(); // other caches learn it from the feed; this node's poller reads it now
        LOG.info("jwtauth: ended {} sessions of user id {} ({})", ended, userId, reason);
        audit.emit(AuthEvent.Type.SESSIONS_ENDED, null, userId, null, null, null);
        return ended;
    }

    /**
     * An identity provider's back-channel logout (OpenID Connect Back-Channel Logout 1.0): {@code logoutToken} checked
     * against the provider named {@code provider} ({@code invalid_request} for any flaw, and nothing is revoked); then,
     * on every node within the revocation bound, that provider's tokens with the token's {@code sid} (or, with
     * {@code sub} alone, that subject's) issued up to now are refused until they expire.
     */
    public void backchannelLogout(String provider, String logoutToken, ClientInfo client) {
        io.jwtauth.core.tokens.LogoutTokens.LogoutToken logout = externalTokens.verifyLogout(provider, logoutToken);
        // The logout's time on the provider's clock, which also stamped its tokens' iat: a node whose own clock is behind
        // must not let tokens issued just before the logout through. A node ahead only refuses a few more.
        Instant loggedOutAt = logout.issuedAt().isAfter(now()) ? logout.issuedAt() : now();
        providerLogouts.record(provider, logout.sessionId(), logout.subject(), loggedOutAt);
        tasks.wake(); // this node's copy changed on write; the poller tells the other caches at once
        LOG.info("jwtauth: identity provider '{}' logged out {}", provider, logout.sessionId() != null ? "a session" : "a subject");
        audit.emit(AuthEvent.Type.PROVIDER_LOGOUT, null, logout.subject(), null, client, null);
    }

    /** An external issuer's token has no jwtauth session: {@code bad-token}, as for any token without a live session. */
    private void refuseExternal(String accessToken, String what) {
        if (externalTokens.claimsExternalIssuer(accessToken)) {
            throw new AuthException(AuthError.BAD_TOKEN, "an external issuer's token has no jwtauth session and cannot be " + what + " here");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Per-request authentication

    /**
     * The user behind a valid, current access token of a live session. A repeated token costs a cache
     * look-up; a known live session costs no store query.
     *
     * @throws AuthException {@code bad-jwt} for a bad or expired token, {@code bad-token} for a session that
     *                       is unknown, revoked or has moved on to a newer token, {@code unavailable} when
     *                       session state cannot be trusted
     */
    public AuthenticatedUser authenticate(String accessToken) {
        return authenticate(Credential.token(accessToken));
    }

    /**
     * The user behind a request's token, as {@link #authenticate(String)}, and the token's binding: a DPoP-bound token
     * only with a valid proof of its key ({@code bad-dpop}).
     */
    AuthenticatedUser authenticate(Credential credential) {
        AuthenticatedUser user = tokenAuthentication.authenticate(credential.token());
        dpop.checkRequest(user, credential);
        return user;
    }

    /**
     * The per-request decision every entry point asks for (see {@link RequestGate}): given what the request presents
     * and what its target requires, authenticated, refused or anonymous. Counted in {@link #counters()}.
     */
    public Admission admit(Credential credential, Requirement requirement) {
        return gate.admit(credential, requirement);
    }

    /**
     * A container's own refusal of an authenticated caller, whose constraint names a role the caller lacks:
     * {@code forbidden}, counted as the gate counts its own.
     */
    public Admission refuseMissingRole() {
        return gate.refuseMissingRole();
    }

    // ------------------------------------------------------------------------------------------------

    /** The public JWKS document of the asymmetric keys, or {@code null} when every key is an HMAC secret. */
    public String publicJwks() {
        return settings.keyRing().hasPublicKeys() ? settings.keyRing().publicJwks() : null;
    }

    public AuthSettings settings() {
        return settings;
    }

    /** Logins waiting for a password-check slot now. */
    int loginsWaiting() {
        return loginSlots.waiting();
    }

    /** A snapshot of cache sizes, hit ratio, feed lag and feed reads. */
    public AuthMetrics metrics() {
        return new AuthMetrics(sessions.size(), sessions.hitRate(), sessions.storeReads(), verifiedTokens.size(),
                Duration.ofMillis(Math.max(0, clock.millis() - feed.freshAsOfMillis())), feed.polls(), feed.rowsRead(),
                feed.openHoles());
    }

    /** Running totals since start: authentication outcomes, audit events by type, token-cache hits, login time. */
    public AuthCounters counters() {
        return counters;
    }

    /** Stops the background tasks and closes the provider. Safe to call more than once. */
    @Override
    public void close() {
        tasks.close();
        externalTokens.close();
        provider.close();
    }

    private SessionRecord liveSession(Optional<SessionRecord> found, VerifiedToken token, ClientInfo client) {
        if (found.isEmpty() || found.get().isRevoked() || !found.get().userId().equals(token.subject())) {
            throw refuseRenewal(token, client, "session unknown or revoked");
        }
        return found.get();
    }

    private AuthException refuseRenewal(VerifiedToken token, ClientInfo client, String detail) {
        audit.emit(AuthEvent.Type.RENEWAL_REFUSED, token.username(), token.subject(), token.sessionId(), client, AuthError.BAD_TOKEN);
        return new AuthException(AuthError.BAD_TOKEN, detail);
    }

    /** Now, at millisecond precision so that what is stored reads back equal on every database. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
