package io.jwtauth.core.flow;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.external.ExternalIssuer;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.KeySettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Core's typed configuration, read and validated once from {@link Settings}. Immutable.
 *
 * <p>Keys: see {@link #KEYS}; the README's configuration reference documents each.
 */
public final class AuthSettings {
    public static final String ISSUER = "jwtauth.issuer";
    public static final String AUDIENCE = "jwtauth.audience";
    public static final String ACCESS_TTL = "jwtauth.access.ttl";
    public static final String RENEWAL_TTL = "jwtauth.renewal.ttl";
    public static final String RENEWAL_REUSE_GRACE = "jwtauth.renewal.reuse-grace";
    /** {@code false}: one renewal token for the whole session, as DNN does (see {@link #rotateRenewalTokens()}). */
    public static final String RENEWAL_ROTATE = "jwtauth.renewal.rotate";
    /** {@code true}: access tokens also carry the roles under .NET's role-claim URI, as DNN 10 writes them. */
    public static final String ROLE_URI_CLAIM = "jwtauth.access.role-uri-claim";
    public static final String CLOCK_SKEW = "jwtauth.clock-skew";
    public static final String MAX_TOKEN_LENGTH = "jwtauth.token.max-length";
    public static final String POLL_INTERVAL = "jwtauth.revocation.poll-interval";
    public static final String MAX_STALENESS = "jwtauth.revocation.max-staleness";
    public static final String SESSION_CACHE_SIZE = "jwtauth.cache.sessions";
    public static final String TOKEN_CACHE_SIZE = "jwtauth.cache.tokens";
    public static final String PROVIDER = "jwtauth.provider";
    /** Where sessions live: {@code provider} (the identity store's provider, the default) or a session store's name ({@code redis}). */
    public static final String SESSIONS_STORE = "jwtauth.sessions.store";
    public static final String PURGE_INTERVAL = "jwtauth.purge.interval";
    public static final String SESSION_CACHE_TTL = "jwtauth.cache.session-ttl";
    public static final String MAX_SESSIONS_PER_USER = "jwtauth.sessions.max-per-user";
    public static final String LOGIN_MAX_FAILURES_PER_USER = "jwtauth.login.max-failures-per-user";
    public static final String LOGIN_MAX_FAILURES_PER_ADDRESS = "jwtauth.login.max-failures-per-address";
    public static final String LOGIN_FAILURE_WINDOW = "jwtauth.login.failure-window";
    public static final String LOGIN_MAX_CONCURRENT = "jwtauth.login.max-concurrent";
    public static final String LOGIN_QUEUE_TIMEOUT = "jwtauth.login.queue-timeout";
    public static final String LOGIN_MAX_WAITING = "jwtauth.login.max-waiting";
    public static final String LOGIN_MAX_FAILURES_PER_ACCOUNT = "jwtauth.login.max-failures-per-account";
    public static final String LOGIN_ATTEMPTS_BURST = "jwtauth.login.attempts-burst";
    public static final String LOGIN_ATTEMPTS_REFILL = "jwtauth.login.attempts-refill";
    public static final String LOGIN_MAX_PER_CLIENT = "jwtauth.login.max-in-progress-per-client";
    /** Without a container's thread count to derive it from: well below any container's default pool (200). */
    public static final int DEFAULT_MAX_WAITING = 50;
    /** {@code off}, {@code allowed} (the default) or {@code required}: sender-constrained tokens (DPoP, RFC 9449). */
    public static final String DPOP = "jwtauth.dpop";
    /** How old a DPoP proof's {@code iat} may be. */
    public static final String DPOP_MAX_AGE = "jwtauth.dpop.max-age";
    /** A properties file whose keys apply under those set directly. */
    public static final String CONFIG_FILE = "jwtauth.config-file";
    /** {@link AuthEventListener} classes to instantiate (public, no-argument constructor), comma-separated. */
    public static final String LISTENERS = "jwtauth.listeners";

    /** Every key core reads (the key settings of {@link KeySettings} included). */
    public static final Set<String> KEYS = union(KeySettings.KEYS, Set.of(ISSUER, AUDIENCE, ACCESS_TTL, RENEWAL_TTL,
            RENEWAL_REUSE_GRACE, RENEWAL_ROTATE, ROLE_URI_CLAIM, CLOCK_SKEW, MAX_TOKEN_LENGTH, POLL_INTERVAL, MAX_STALENESS, SESSION_CACHE_SIZE, TOKEN_CACHE_SIZE,
            PROVIDER, SESSIONS_STORE, PURGE_INTERVAL, SESSION_CACHE_TTL, MAX_SESSIONS_PER_USER, LOGIN_MAX_FAILURES_PER_USER,
            LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_FAILURE_WINDOW, LOGIN_MAX_CONCURRENT, LOGIN_QUEUE_TIMEOUT, LOGIN_MAX_WAITING, LOGIN_MAX_FAILURES_PER_ACCOUNT,
            LOGIN_ATTEMPTS_BURST, LOGIN_ATTEMPTS_REFILL, LOGIN_MAX_PER_CLIENT, CONFIG_FILE, LISTENERS, DPOP, DPOP_MAX_AGE));

    /** The feed may lag this many poll intervals before known sessions are refused (fail closed). */
    public static final int DEFAULT_STALENESS_INTERVALS = 10;

    private final String issuer;
    private final String audience;
    private final Duration accessTtl;
    private final Duration renewalTtl;
    private final Duration reuseGrace;
    private final boolean rotateRenewalTokens;
    private final boolean roleUriClaim;
    private final Duration clockSkew;
    private final KeyRing keyRing;
    private final int maxTokenLength;
    private final Duration pollInterval;
    private final Duration maxStaleness;
    private final int sessionCacheSize;
    private final int tokenCacheSize;
    private final Duration purgeInterval;
    private final Duration sessionCacheTtl;
    private final int maxSessionsPerUser;
    private final LoginLimits loginLimits;
    private final String keySource;
    private final DpopMode dpopMode;
    private final Duration dpopMaxAge;
    private final List<ExternalIssuer> externalIssuers;

    private AuthSettings(Settings settings, int containerThreads) {
        this.issuer = settings.string(ISSUER, "jwtauth");
        this.audience = settings.get(AUDIENCE).orElse(null);
        this.accessTtl = settings.duration(ACCESS_TTL, Duration.ofMinutes(60), Duration.ofSeconds(1), Duration.ofDays(1));
        this.renewalTtl = settings.duration(RENEWAL_TTL, Duration.ofDays(14), Duration.ofSeconds(1), Duration.ofDays(366));
        if (renewalTtl.compareTo(accessTtl) < 0) {
            throw new ConfigException(RENEWAL_TTL, "must not be shorter than " + ACCESS_TTL);
        }
        this.reuseGrace = settings.duration(RENEWAL_REUSE_GRACE, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5));
        this.rotateRenewalTokens = settings.bool(RENEWAL_ROTATE, true);
        this.roleUriClaim = settings.bool(ROLE_URI_CLAIM, false);
        this.clockSkew = settings.duration(CLOCK_SKEW, Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10));
        this.maxTokenLength = settings.integer(MAX_TOKEN_LENGTH, 8192, 512, 65536);
        this.pollInterval = settings.duration(POLL_INTERVAL, Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(5));
        this.maxStaleness = settings.duration(MAX_STALENESS, pollInterval.multipliedBy(DEFAULT_STALENESS_INTERVALS),
                pollInterval.multipliedBy(2), Duration.ofHours(1));
        this.sessionCacheSize = settings.integer(SESSION_CACHE_SIZE, 100_000, 100, 10_000_000);
        this.tokenCacheSize = settings.integer(TOKEN_CACHE_SIZE, 100_000, 0, 10_000_000);
        this.purgeInterval = settings.duration(PURGE_INTERVAL, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofDays(1));
        this.sessionCacheTtl = settings.duration(SESSION_CACHE_TTL, Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(1));
        this.maxSessionsPerUser = settings.integer(MAX_SESSIONS_PER_USER, 100, 1, 1_000_000);
        this.loginLimits = LoginLimits.read(settings, containerThreads);
        String dpop = settings.string(DPOP, "allowed");
        this.dpopMode = switch (dpop) {
            case "off" -> DpopMode.OFF;
            case "allowed" -> DpopMode.ALLOWED;
            case "required" -> DpopMode.REQUIRED;
            default -> throw new ConfigException(DPOP, "must be off, allowed or required, was '" + dpop + "'");
        };
        this.dpopMaxAge = settings.duration(DPOP_MAX_AGE, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(10));
        KeySettings keys = KeySettings.from(settings);
        this.keyRing = keys.keyRing();
        this.keySource = keys.source();
        this.externalIssuers = ExternalIssuer.fromSettings(settings, issuer);
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        Set<String> all = new java.util.HashSet<>(first);
        all.addAll(second);
        return Set.copyOf(all);
    }

    /** Reads and validates core's keys; throws {@link ConfigException} naming the first bad one. */
    public static AuthSettings from(Settings settings) {
        return new AuthSettings(settings, 0);
    }

    /** As {@link #from(Settings)}, with the container's request-thread count (0: unknown) bounding the login queue. */
    static AuthSettings from(Settings settings, int containerThreads) {
        return new AuthSettings(settings, containerThreads);
    }

    public String issuer() {
        return issuer;
    }

    /** Required audience, or {@code null}. */
    public String audience() {
        return audience;
    }

    public Duration accessTtl() {
        return accessTtl;
    }

    public Duration renewalTtl() {
        return renewalTtl;
    }

    public Duration reuseGrace() {
        return reuseGrace;
    }

    /**
     * Whether each renewal issues a new renewal token (the default). {@code false} keeps the login's renewal token
     * for the whole session, accepted only with the session's latest access token (DNN's semantics): a copied
     * renewal token is then not detected by its reuse, and stays good until the session ends.
     */
    public boolean rotateRenewalTokens() {
        return rotateRenewalTokens;
    }

    /** Whether access tokens repeat the roles under .NET's role-claim URI (DNN 10's clients read that one). */
    public boolean roleUriClaim() {
        return roleUriClaim;
    }

    public Duration clockSkew() {
        return clockSkew;
    }

    /** {@code jwtauth.dpop}: whether tokens may, must or may not be bound to a client's key. */
    public DpopMode dpopMode() {
        return dpopMode;
    }

    /** {@code jwtauth.dpop.max-age}: how old a DPoP proof may be. */
    public Duration dpopMaxAge() {
        return dpopMaxAge;
    }

    /** The keys: package-private, so that nothing reachable from application code can sign a token. */
    KeyRing keyRing() {
        return keyRing;
    }

    public int maxTokenLength() {
        return maxTokenLength;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration maxStaleness() {
        return maxStaleness;
    }

    public int sessionCacheSize() {
        return sessionCacheSize;
    }

    public int tokenCacheSize() {
        return tokenCacheSize;
    }

    public Duration purgeInterval() {
        return purgeInterval;
    }

    /** How long a cached session state is trusted without a feed entry (defence in depth). */
    public Duration sessionCacheTtl() {
        return sessionCacheTtl;
    }

    /** Live sessions one user may hold; a login beyond it ends the oldest. */
    public int maxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    /** The login-abuse limits ({@code jwtauth.login.*}): failures, attempts, password-check slots and their queue. */
    LoginLimits loginLimits() {
        return loginLimits;
    }

    /** The trusted external identity providers ({@code jwtauth.external.<name>.*}); usually none. */
    List<ExternalIssuer> externalIssuers() {
        return externalIssuers;
    }

    /** The algorithm of the signing key, for the start-up log. */
    public JwsAlgorithm signingAlgorithm() {
        return keyRing.signingKey().algorithm();
    }

    /** Where the signing key came from, for the start-up log (never the key itself). */
    public String keySource() {
        return keySource;
    }
}
