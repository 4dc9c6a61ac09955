package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.spi.StoreUnavailableException;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.tokens.IssuedToken;
import io.jwtauth.core.tokens.TokenIssuer;
import io.jwtauth.core.tokens.TokenVerifier;
import io.jwtauth.core.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
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
 * <p>Thread-safe. Build with {@link #builder}; {@link #close()} stops the feed poller and closes the provider.
 * Over 300 lines because it is the one place where the flow's rules are read in order; the feed, the cache
 * and the background work are in {@link ChangeFeed}, {@link SessionStates} and {@link BackgroundTasks}.
 */
public final class AuthService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    private static final int SESSION_ID_BYTES = 16;
    private static final int RENEWAL_TOKEN_BYTES = 32;
    private static final int MAX_SUPERSEDED_HASHES = 16;
    private static final int MAX_USERNAME_LENGTH = 256;
    private static final int MAX_PASSWORD_LENGTH = 1024;
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
    private final SessionStore sessions;
    private final Clock clock;
    private final TokenIssuer issuer;
    private final TokenVerifier verifier;
    private final SessionStates states;
    private final ChangeFeed feed;
    private final BackgroundTasks tasks;
    private final VerifiedTokens verifiedTokens;
    private final AuditEvents audit;
    private final LoginThrottle throttle;
    private final long maxStalenessMillis;

    private AuthService(Builder builder) {
        this.settings = builder.settings;
        this.provider = builder.provider;
        this.identities = provider.identityStore();
        this.sessions = provider.sessionStore();
        this.clock = builder.clock;
        this.audit = new AuditEvents(builder.clock, builder.listeners);
        this.throttle = new LoginThrottle(settings.maxFailuresPerUser(), settings.maxFailuresPerAddress(), settings.failureWindow(),
                settings.maxConcurrentLogins(), builder.clock, provider.loginFailures().orElse(null));
        this.maxStalenessMillis = settings.maxStaleness().toMillis();
        KeyRing keys = settings.keyRing();
        this.issuer = new TokenIssuer(keys.signingKey(), settings.issuer(), settings.audience());
        this.verifier = TokenVerifier.builder(keys)
                .issuer(settings.issuer())
                .audience(settings.audience())
                .clockSkew(settings.clockSkew())
                .maxTokenLength(settings.maxTokenLength())
                .clock(clock)
                .build();
        this.states = new SessionStates(sessions, clock, settings.sessionCacheSize(), settings.sessionCacheTtl());
        this.feed = new ChangeFeed(sessions, states, clock, System::nanoTime, settings.maxStaleness());
        this.verifiedTokens = VerifiedTokens.create(settings.tokenCacheSize(), settings.clockSkew(), clock);
        this.tasks = builder.background
                ? BackgroundTasks.start(feed, sessions, clock, settings.pollInterval(), settings.purgeInterval(), settings.maxStaleness())
                : BackgroundTasks.NONE;
    }

    /** Starts configuring a service on {@code provider} with {@code settings}. */
    public static Builder builder(AuthSettings settings, StoreProvider provider) {
        return new Builder(settings, provider);
    }

    // ------------------------------------------------------------------------------------------------
    // Login, renewal, logout

    /**
     * Checks credentials and opens a session. {@code bad-credentials} for any kind of mismatch, {@code throttled}
     * (with {@code Retry-After}) when the user or the client address failed too often in the window or too many
     * password checks are running.
     */
    public TokenResponse login(String username, char[] password, ClientInfo client) {
        LoginThrottle.Key address = LoginThrottle.address(client.address());
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME_LENGTH
                || password == null || password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            // No user can have such a name: counted against the address only, and never stored as a name key.
            store(() -> throttle.recordFailure(null, address));
            audit.emit(AuthEvent.Type.LOGIN_FAILED, username, null, null, client, AuthError.BAD_CREDENTIALS);
            throw new AuthException(AuthError.BAD_CREDENTIALS, "empty or oversized credentials");
        }
        LoginThrottle.Key name = LoginThrottle.name(username);
        refuseIfThrottled(name, address, username, client);
        if (!throttle.tryStart()) {
            audit.emit(AuthEvent.Type.LOGIN_THROTTLED, username, null, null, client, AuthError.THROTTLED);
            throw new AuthException(AuthError.THROTTLED, "too many logins in progress", Duration.ofSeconds(1), null);
        }
        UserRecord user;
        LoginThrottle.Key account;
        try {
            CredentialCheck check = store(() -> identities.check(username, password));
            String resolved = check.user() != null ? check.user().userId() : check.resolvedUserId();
            account = resolved != null ? LoginThrottle.userId(resolved) : name;
            if (account != name) {
                // Another spelling of a throttled account is that account: refused even with the right password.
                refuseIfThrottled(account, null, username, client);
            }
            if (check.user() == null || !check.user().enabled()) {
                // Both keys: the name's count catches spellings the store did not resolve, the id's count is the
                // account's own, which no look-alike account can reset.
                store(() -> throttle.recordFailure(name, address));
                if (account != name) {
                    store(() -> throttle.recordFailure(account, null));
                }
                audit.emit(AuthEvent.Type.LOGIN_FAILED, username, check.user() == null ? null : check.user().userId(), null, client,
                        AuthError.BAD_CREDENTIALS);
                throw new AuthException(AuthError.BAD_CREDENTIALS, check.user() == null ? "no user with that name and password" : "user disabled");
            }
            user = check.user();
        } finally {
            throttle.finish();
        }
        store(() -> throttle.recordSuccess(account));
        store(() -> throttle.recordSuccess(name));
        Instant now = now();
        Instant deadline = now.plus(settings.renewalTtl());
        String sessionId = Secrets.randomToken(SESSION_ID_BYTES);
        String renewalToken = Secrets.randomToken(RENEWAL_TOKEN_BYTES);
        IssuedToken access = issue(user, sessionId, now, deadline);
        SessionRecord session = new SessionRecord(sessionId, user.userId(), Secrets.sha256(renewalToken), List.of(), null, 0,
                access.tokenId(), Secrets.sha256(user.credentialStamp()), now, null, deadline, null,
                client.address(), client.userAgent());
        long version = states.version();
        store(() -> {
            sessions.create(session);
            return null;
        });
        states.remember(session, version);
        if (store(() -> sessions.revokeOldest(user.userId(), settings.maxSessionsPerUser(), now)) > 0) {
            // This node may hold one of the ended sessions: have the poller read the feed now.
            tasks.wake();
        }
        audit.emit(AuthEvent.Type.LOGIN_SUCCEEDED, user.username(), user.userId(), sessionId, client, null);
        return new TokenResponse(user.userId(), user.displayName(), access.token(), renewalToken, access.expiresAt(), deadline);
    }

    /**
     * Exchanges the session's latest access token (expired or not) and its current renewal token for a
     * new pair. See the class comment for the rules.
     */
    public TokenResponse renew(String accessToken, String renewalToken, ClientInfo client) {
        // Taken first, on this node's monotonic clock: how long this request has been in flight when judged.
        long arrivedNanos = System.nanoTime();
        VerifiedToken token = verifySessionToken(accessToken, true);
        String sessionId = token.sessionId();
        if (renewalToken == null || renewalToken.isEmpty() || renewalToken.length() > MAX_RENEWAL_TOKEN_LENGTH) {
            throw refuseRenewal(token, client, "malformed renewal token");
        }
        Instant now = now();
        long version = states.version();
        SessionRecord session = liveSession(states.get(sessionId), token, client);
        if (!now.isBefore(session.renewalDeadline())) {
            audit.emit(AuthEvent.Type.RENEWAL_REFUSED, null, session.userId(), sessionId, client, AuthError.NOT_MORE_RENEWAL);
            throw new AuthException(AuthError.NOT_MORE_RENEWAL, "renewal deadline passed");
        }
        String presented = Secrets.sha256(renewalToken);
        if (!Secrets.constantTimeEquals(presented, session.renewalHash())) {
            // The cache may be a renewal behind; only a fresh read can tell a replay from a stale view.
            version = states.version();
            session = liveSession(states.reload(sessionId), token, client);
            if (!Secrets.constantTimeEquals(presented, session.renewalHash())) {
                throw refuseWrongRenewalToken(session, presented, arrivedNanos, now, client);
            }
        }
        if (!session.accessTokenId().equals(token.tokenId())) {
            throw refuseRenewal(token, client, "access token is not the session's latest");
        }
        String userId = session.userId();
        Optional<UserRecord> found = store(() -> identities.findById(userId));
        if (found.isEmpty() || !found.get().enabled()
                || !Secrets.constantTimeEquals(Secrets.sha256(found.get().credentialStamp()), session.credentialDigest())) {
            revoke(session, now);
            throw refuseRenewal(token, client, found.isEmpty() ? "user deleted" : !found.get().enabled()
                    ? "user disabled" : "credentials changed since login");
        }
        UserRecord user = found.get();
        String newRenewalToken = Secrets.randomToken(RENEWAL_TOKEN_BYTES);
        IssuedToken access = issue(user, sessionId, now, session.renewalDeadline());
        List<String> superseded = new ArrayList<>(MAX_SUPERSEDED_HASHES);
        superseded.add(session.renewalHash());
        for (String older : session.supersededHashes()) {
            if (superseded.size() < MAX_SUPERSEDED_HASHES) {
                superseded.add(older);
            }
        }
        RenewalUpdate update = new RenewalUpdate(sessionId, session.generation(), session.renewalHash(),
                Secrets.sha256(newRenewalToken), superseded, access.tokenId(), now);
        if (!store(() -> sessions.replaceRenewal(update))) {
            states.forget(sessionId);
            throw refuseRenewal(token, client, "a concurrent renewal with the same token won");
        }
        // Store time as the node knows it; a later reload brings the store's own stamp.
        states.remember(session.renewed(update, now), version);
        audit.emit(AuthEvent.Type.RENEWED, user.username(), user.userId(), sessionId, client, null);
        return new TokenResponse(user.userId(), user.displayName(), access.token(), newRenewalToken, access.expiresAt(),
                session.renewalDeadline());
    }

    private AuthException refuseWrongRenewalToken(SessionRecord session, String presented, long arrivedNanos, Instant now,
                                                  ClientInfo client) {
        List<String> superseded = session.supersededHashes();
        int index = -1;
        for (int i = 0; i < superseded.size(); i++) {
            if (Secrets.constantTimeEquals(presented, superseded.get(i)) && index < 0) {
                index = i;
            }
        }
        if (index < 0) {
            audit.emit(AuthEvent.Type.RENEWAL_REFUSED, null, session.userId(), session.sessionId(), client, AuthError.BAD_TOKEN);
            return new AuthException(AuthError.BAD_TOKEN, "renewal token does not belong to the session");
        }
        Instant supersededAt = session.supersededAt();
        // One clock: the store stamped supersededAt, and the store says what time it is now.
        Duration sinceSuperseded = index == 0 && supersededAt != null
                ? Duration.between(supersededAt, store(sessions::currentTime)) : null;
        Duration inFlight = Duration.ofNanos(System.nanoTime() - arrivedNanos);
        if (sinceSuperseded != null && sinceSuperseded.compareTo(RACE_WINDOW.plus(inFlight)) <= 0) {
            audit.emit(AuthEvent.Type.RENEWAL_REFUSED, null, session.userId(), session.sessionId(), client, AuthError.BAD_TOKEN);
            return new AuthException(AuthError.BAD_TOKEN, "lost a race with a concurrent renewal using the same token");
        }
        boolean withinGrace = sinceSuperseded != null && !settings.reuseGrace().isZero()
                && sinceSuperseded.compareTo(settings.reuseGrace()) < 0;
        if (withinGrace) {
            audit.emit(AuthEvent.Type.RENEWAL_REFUSED, null, session.userId(), session.sessionId(), client, AuthError.BAD_TOKEN);
            return new AuthException(AuthError.BAD_TOKEN, "renewal token superseded moments ago (within reuse grace)");
        }
        revoke(session, now);
        audit.emit(AuthEvent.Type.REPLAY_DETECTED, null, session.userId(), session.sessionId(), client, AuthError.BAD_TOKEN);
        return new AuthException(AuthError.BAD_TOKEN, "superseded renewal token presented: session revoked");
    }

    /** Ends the token's session, or with {@code allSessions} every session of its user. */
    public void logout(String accessToken, boolean allSessions, ClientInfo client) {
        VerifiedToken token = verifySessionToken(accessToken, true);
        // Read fresh (one query; logouts are rare): a superseded token, or one of a session already ended, must
        // not pass on a cache that has not heard of the change yet. Otherwise an old leaked token could call
        // logout?all=true again and again.
        Optional<SessionRecord> found = states.reload(token.sessionId());
        if (found.isEmpty() || found.get().isRevoked() || !found.get().userId().equals(token.subject())
                || !found.get().accessTokenId().equals(token.tokenId())) {
            audit.emit(AuthEvent.Type.LOGOUT_REFUSED, token.username(), token.subject(), token.sessionId(), client, AuthError.BAD_TOKEN);
            throw new AuthException(AuthError.BAD_TOKEN, "logout needs the latest access token of a live session");
        }
        SessionRecord session = found.get();
        Instant now = now();
        if (allSessions) {
            long version = states.version();
            int ended = store(() -> sessions.revokeAllForUser(session.userId(), now));
            // This node's copies end now (a bounded scan of its cache); other nodes hear it from the feed.
            states.invalidateUser(session.userId());
            states.remember(session.revoked(now), version);
            LOG.debug("logout-all ended {} sessions", ended);
            audit.emit(AuthEvent.Type.LOGGED_OUT_ALL, token.username(), session.userId(), session.sessionId(), client, null);
        } else {
            revoke(session, now);
            audit.emit(AuthEvent.Type.LOGGED_OUT, token.username(), session.userId(), session.sessionId(), client, null);
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
        // Primitive time only: a repeated token of a live session allocates nothing here.
        long nowMillis = clock.millis();
        AuthenticatedUser user = verifiedTokens.get(accessToken);
        boolean firstSeen = user == null;
        if (firstSeen) {
            user = new AuthenticatedUser(verifySessionToken(accessToken, false), settings.clockSkew());
        } else if (user.isExpiredAt(nowMillis)) {
            throw new AuthException(AuthError.BAD_JWT, "expired");
        }
        requireFresh(nowMillis);
        Optional<SessionRecord> session = states.get(user.sessionId());
        if (session.isEmpty() || session.get().isRevoked()) {
            throw new AuthException(AuthError.BAD_TOKEN, "session unknown or revoked");
        }
        if (!session.get().accessTokenId().equals(user.tokenId()) || !session.get().userId().equals(user.userId())) {
            throw new AuthException(AuthError.BAD_TOKEN, "access token superseded by a renewal");
        }
        if (firstSeen) {
            // Only now: a token that fails the session check must not take a cache slot (churn by many sessions).
            verifiedTokens.put(accessToken, user);
        }
        return user;
    }

    // ------------------------------------------------------------------------------------------------

    /** The keys, for the JWKS endpoint. */
    public KeyRing keyRing() {
        return settings.keyRing();
    }

    public AuthSettings settings() {
        return settings;
    }

    /** A snapshot of cache sizes, hit ratio, feed lag and feed reads. */
    public AuthMetrics metrics() {
        return new AuthMetrics(states.size(), states.hitRate(), states.storeReads(), verifiedTokens.size(),
                Duration.ofMillis(Math.max(0, clock.millis() - feed.freshAsOfMillis())), feed.polls(), feed.rowsRead(),
                feed.openHoles());
    }

    /** Reads the change feed now, on the caller's thread (the poller does this every poll interval). */
    public void pollChanges() {
        feed.poll();
    }

    /** Stops the poller and closes the provider. Safe to call more than once. */
    @Override
    public void close() {
        tasks.close();
        provider.close();
    }

    /**
     * Refuses every request with {@code unavailable} once the feed is more than {@code max-staleness} behind
     * (unreadable, hanging, or still paging through a backlog): serving from a cache that may have missed a
     * logout would be failing open.
     */
    private void requireFresh(long nowMillis) {
        long lagMillis = nowMillis - feed.freshAsOfMillis();
        if (lagMillis > maxStalenessMillis) {
            throw SessionStates.unavailable("revocation feed is " + lagMillis + " ms stale", null);
        }
    }

    // ------------------------------------------------------------------------------------------------

    private void refuseIfThrottled(LoginThrottle.Key user, LoginThrottle.Key address, String username, ClientInfo client) {
        long seconds = store(() -> throttle.blockedForSeconds(user, address));
        if (seconds > 0) {
            audit.emit(AuthEvent.Type.LOGIN_THROTTLED, username, null, null, client, AuthError.THROTTLED);
            throw new AuthException(AuthError.THROTTLED, "too many failed logins", Duration.ofSeconds(seconds), null);
        }
    }

    private VerifiedToken verifySessionToken(String accessToken, boolean acceptExpired) {
        VerifiedToken token = verifier.verify(accessToken, acceptExpired);
        if (token.sessionId() == null || token.subject() == null || token.tokenId() == null) {
            throw new AuthException(AuthError.BAD_JWT, "token lacks sid, sub or jti");
        }
        return token;
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

    private void revoke(SessionRecord session, Instant now) {
        long version = states.version();
        store(() -> sessions.revoke(session.sessionId(), now));
        states.remember(session.revoked(now), version);
    }

    private IssuedToken issue(UserRecord user, String sessionId, Instant now, Instant renewalDeadline) {
        Instant expiry = now.plus(settings.accessTtl());
        if (expiry.isAfter(renewalDeadline)) {
            expiry = renewalDeadline;
        }
        return issuer.issue(user.userId(), user.username(), sessionId, user.roles(), now, expiry);
    }

    /** Now, at millisecond precision so that what is stored reads back equal on every database. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void store(Runnable call) {
        store(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T store(Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreUnavailableException e) {
            throw SessionStates.unavailable("store unreachable: " + e.getMessage(), e);
        }
    }

    /** Configures an {@link AuthService}. Not thread-safe; build once. */
    public static final class Builder {
        private final AuthSettings settings;
        private final StoreProvider provider;
        private final List<AuthEventListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private boolean background = true;

        private Builder(AuthSettings settings, StoreProvider provider) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        public Builder listener(AuthEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The time source for token lifetimes and checks (default: the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Whether to start the change-feed poller and the purge task (default {@code true}). Without them the
         * caller must call {@link AuthService#pollChanges()}; the staleness limit still applies.
         */
        public Builder backgroundTasks(boolean enabled) {
            this.background = enabled;
            return this;
        }

        public AuthService build() {
            return new AuthService(this);
        }
    }
}
