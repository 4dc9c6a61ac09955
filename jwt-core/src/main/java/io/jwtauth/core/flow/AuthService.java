package io.jwtauth.core.flow;

import io.jwtauth.core.AuthException;
import io.jwtauth.core.external.ExternalTokens;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.tokens.SignInStates;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Login, renewal, logout and per-request authentication: the one entry to the flow. Every security decision is made
 * in this package — token lifetimes, renewal-token rotation and replay detection, the credential-stamp check, which
 * access token of a session is current — so that a storage provider cannot get one wrong.
 *
 * <p>Where each rule is written, in the order a session lives:
 * <ul>
 *   <li>how a session begins, by password or an identity provider's sign-in: {@link SessionOpening} (credentials under
 *       the throttle in {@link LoginChecks}, sign-in state and provider users in {@link ProviderSessions});</li>
 *   <li>every request: {@link RequestGate} (credential × requirement → admission), the token and its session in
 *       {@link TokenAuthentication}, the DPoP binding in {@link DpopBinding};</li>
 *   <li>renewal: {@link SessionRenewal} (rotation verdicts in {@link RenewalRotation});</li>
 *   <li>the end: {@link SessionEnding} (logout, ending a user's sessions, an identity provider's back-channel logout,
 *       whose refusals {@link ProviderLogouts} keeps).</li>
 * </ul>
 * Session reads and writes (and this node's cache of them) are in {@link Sessions}, the change feed in
 * {@link ChangeFeed}, the poller and purge in {@link BackgroundTasks}, audit lines and listeners in {@link AuditEvents}.
 *
 * <p>Thread-safe. Build with {@link JwtAuth#builder()}; {@link #close()} stops the background tasks and closes
 * the provider.
 */
public final class AuthService implements AutoCloseable {
    /**
     * How long a winning renewal's write may take to commit after the store stamped it. A superseded token
     * presented within this (plus the presenting request's own time) of the stamp may have arrived before the
     * commit, so it is refused without revoking the session.
     */
    public static final Duration RACE_WINDOW = Duration.ofSeconds(1);

    private final AuthSettings settings;
    private final StoreProvider provider;
    private final Clock clock;
    private final Sessions sessions;
    private final ChangeFeed feed;
    private final BackgroundTasks tasks;
    private final VerifiedTokens verifiedTokens;
    private final TokenAuthentication tokenAuthentication;
    /** Tokens of the configured external identity providers; {@link ExternalTokens#NONE} when there are none. */
    private final ExternalTokens externalTokens;
    private final LoginSlots loginSlots;
    private final AuthCounters counters = new AuthCounters();
    private final RequestGate gate;
    /** Sign-in through the identity providers that have a client id, and the sessions it opens. */
    private final ProviderSessions providerSessions;
    private final SessionOpening opening;
    private final SessionRenewal renewal;
    private final SessionEnding ending;

    /** Built by {@link JwtAuth.Builder}; {@code manualPolling} {@code null} starts the background tasks. */
    AuthService(AuthSettings settings, StoreProvider provider, List<AuthEventListener> listeners, Clock clock,
                ManualPolling manualPolling) {
        this.settings = settings;
        this.provider = provider;
        this.clock = clock;
        AuditEvents audit = new AuditEvents(clock, listeners, counters);
        LoginThrottle throttle = new LoginThrottle(settings.loginLimits().throttle(), clock, provider.loginFailures().orElse(null));
        this.loginSlots = settings.loginLimits().slots();
        SessionTokens tokens = new SessionTokens(settings, clock);
        DpopBinding dpop = new DpopBinding(settings.dpopMode(), settings.dpopMaxAge(), settings.clockSkew(), clock);
        SessionStore store = provider.sessionStore();
        this.sessions = new Sessions(store, clock, settings.sessionCacheSize(), settings.sessionCacheTtl());
        this.feed = new ChangeFeed(store, sessions, clock, System::nanoTime, settings.maxStaleness());
        this.verifiedTokens = VerifiedTokens.create(settings.tokenCacheSize(), settings.clockSkew(), clock);
        this.externalTokens = ExternalTokens.create(settings.externalIssuers(), settings.clockSkew(), settings.maxTokenLength(), clock);
        ProviderLogouts providerLogouts = new ProviderLogouts(sessions);
        this.providerSessions = new ProviderSessions(externalTokens, new SignInStates(settings.keyRing(), clock), sessions,
                providerLogouts, clock);
        this.tokenAuthentication = new TokenAuthentication(tokens, verifiedTokens, externalTokens, sessions, feed, counters,
                settings.clockSkew(), settings.maxStaleness(), clock, providerLogouts, providerSessions, dpop);
        this.gate = new RequestGate(tokenAuthentication::authenticate, counters);
        provider.attach(this::endSessions);
        if (manualPolling != null) {
            manualPolling.bind(feed);
            this.tasks = BackgroundTasks.NONE;
        } else {
            this.tasks = BackgroundTasks.start(feed, store, clock, settings.pollInterval(), settings.purgeInterval(),
                    settings.maxStaleness());
        }
        this.opening = new SessionOpening(settings, tokens, sessions, new LoginChecks(provider.identityStore(), throttle, loginSlots, audit),
                providerSessions, externalTokens, dpop, audit, tasks::wake);
        this.renewal = new SessionRenewal(settings, tokens, sessions, provider.identityStore(), providerSessions, dpop, audit);
        this.ending = new SessionEnding(tokens, sessions, externalTokens, providerSessions, providerLogouts, dpop, audit, tasks::wake);
    }

    // ------------------------------------------------------------------------------------------------
    // Login, renewal, logout: the rules are in SessionOpening, SessionRenewal and SessionEnding

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
        return timedLogin(() -> opening.login(username, password, client, options));
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
        return timedLogin(() -> opening.signIn(provider, callback, client));
    }

    /**
     * Where the browser should go to end its session at the provider too (RP-initiated logout), for a session signed in
     * there whose last access token is {@code accessToken}; {@code null} for any other session, or a provider without an
     * end-session endpoint. Call it after {@link #logout}: it checks only that the token is ours.
     */
    public URI endSessionUrl(String accessToken, String idTokenHint, String postLogoutRedirectUri) {
        return ending.endSessionUrl(accessToken, idTokenHint, postLogoutRedirectUri);
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
        return timedLogin(() -> opening.verifyPassword(username, password, client));
    }

    /** Every password check and sign-in is timed for {@link AuthCounters}, refused or not. */
    private <T> T timedLogin(Supplier<T> login) {
        long started = System.nanoTime();
        try {
            return login.get();
        } finally {
            counters.login(System.nanoTime() - started);
        }
    }

    /**
     * Exchanges the session's latest access token (expired or not) and its current renewal token for a
     * new pair. {@link SessionRenewal} has the rules.
     */
    public TokenResponse renew(String accessToken, String renewalToken, ClientInfo client) {
        return renew(accessToken, renewalToken, client, SessionOptions.DEFAULT);
    }

    /**
     * {@link #renew(String, String, ClientInfo)}, issuing as {@code options} say. A DPoP-bound session needs a proof by
     * its key ({@code bad-dpop} otherwise, and the session lives on); an unbound one is bound by a proof that comes.
     */
    public TokenResponse renew(String accessToken, String renewalToken, ClientInfo client, SessionOptions options) {
        externalTokens.refuseSessionUse(accessToken, "renewed");
        return renewal.renew(accessToken, renewalToken, client, options);
    }

    /** Ends the token's session, or with {@code allSessions} every session of its user. */
    public void logout(String accessToken, boolean allSessions, ClientInfo client) {
        logout(accessToken, allSessions, client, null);
    }

    /** {@link #logout(String, boolean, ClientInfo)}; a DPoP-bound session's logout needs a proof of its key. */
    public void logout(String accessToken, boolean allSessions, ClientInfo client, DpopRequest proof) {
        externalTokens.refuseSessionUse(accessToken, "logged out");
        ending.logout(accessToken, allSessions, client, proof);
    }

    /**
     * Ends every session of a user at once, on every node: for the application or an operator (a password set, an
     * account disabled, a user removed), and for a provider's own such operations ({@link
     * io.jwtauth.core.spi.SessionControl}). Audited as {@code SESSIONS_ENDED}; {@code reason} goes to the log.
     * Returns how many sessions ended.
     */
    public int endSessions(String userId, String reason) {
        return ending.endSessions(userId, reason);
    }

    /**
     * An identity provider's back-channel logout (OpenID Connect Back-Channel Logout 1.0): {@code logoutToken} checked
     * against the provider named {@code provider} ({@code invalid_request} for any flaw, and nothing is revoked); then,
     * on every node within the revocation bound, that provider's tokens with the token's {@code sid} (or, with
     * {@code sub} alone, that subject's) issued up to now are refused until they expire.
     */
    public void backchannelLogout(String provider, String logoutToken, ClientInfo client) {
        ending.backchannelLogout(provider, logoutToken, client);
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
        return tokenAuthentication.authenticate(Credential.token(accessToken));
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
}
