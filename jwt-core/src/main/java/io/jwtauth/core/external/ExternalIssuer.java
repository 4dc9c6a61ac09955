package io.jwtauth.core.external;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.internal.IpAddresses;
import io.jwtauth.core.keys.JwsAlgorithm;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One trusted external identity provider, read and validated once from the
 * {@code jwtauth.external.<name>.*} keys. Immutable.
 *
 * <ul>
 *   <li>{@code issuer} (required): the exact {@code iss} of its tokens;</li>
 *   <li>{@code jwks-url}: where its public keys are; unset, they are found through OIDC discovery at
 *       {@code <issuer>/.well-known/openid-configuration};</li>
 *   <li>{@code audience} (required, else the {@code client-id}): a value its access tokens' {@code aud} must hold;</li>
 *   <li>{@code algorithms}: the accepted ones, comma-separated (default {@code RS256}); never HMAC;</li>
 *   <li>{@code username-claim}: the claim for the user name (default {@code preferred_username}, else {@code sub});</li>
 *   <li>{@code plain-names}: {@code true} takes that name as it is; by default it is qualified with the provider's
 *       name ({@code keycloak:alice}), a namespace no local user may log in under, so that a provider's user can never
 *       pass for a local one however the provider lets users choose their names;</li>
 *   <li>{@code roles-claim}: the claim path for roles, such as {@code realm_access.roles} (default: no roles);</li>
 *   <li>{@code jwks-refetch-interval}: the least time between two fetches of its keys (default 30 s), which
 *       bounds what unknown {@code kid}s can make us fetch;</li>
 *   <li>{@code jwks-stale-limit}: how long past their max-age the last good keys serve while fetching fails
 *       (default 1 h);</li>
 *   <li>{@code client-id}: this application's client at the provider. It is the audience of the provider's ID and logout
 *       tokens, and it turns on browser sign-in through the provider (OpenID Connect code flow with PKCE), as a
 *       confidential client with {@code client-secret} ({@code client_secret_basic}) or {@code client-key-file} (a
 *       private JWK or PEM, {@code private_key_jwt}, signed with {@code client-key-alg}, default RS256), else as a
 *       public client;</li>
 *   <li>{@code scopes}: what sign-in asks for (default {@code openid profile}; {@code openid} is always asked).</li>
 * </ul>
 * URLs must be HTTPS, except to a loopback address.
 */
public final class ExternalIssuer {
    public static final String PREFIX = "jwtauth.external.";
    static final String ISSUER = "issuer";
    static final String JWKS_URL = "jwks-url";
    static final String AUDIENCE = "audience";
    static final String ALGORITHMS = "algorithms";
    static final String USERNAME_CLAIM = "username-claim";
    static final String ROLES_CLAIM = "roles-claim";
    static final String PLAIN_NAMES = "plain-names";
    static final String REFETCH_INTERVAL = "jwks-refetch-interval";
    static final String STALE_LIMIT = "jwks-stale-limit";
    static final String BACKCHANNEL_LOGOUT = "backchannel-logout";
    static final String CLIENT_ID = "client-id";
    static final String CLIENT_SECRET = "client-secret";
    static final String CLIENT_KEY_FILE = "client-key-file";
    static final String CLIENT_KEY_ALG = "client-key-alg";
    static final String SCOPES = "scopes";
    private static final Set<String> SUFFIXES = Set.of(ISSUER, JWKS_URL, AUDIENCE, ALGORITHMS, USERNAME_CLAIM, ROLES_CLAIM,
            PLAIN_NAMES, REFETCH_INTERVAL, STALE_LIMIT, BACKCHANNEL_LOGOUT, CLIENT_ID, CLIENT_SECRET, CLIENT_KEY_FILE, CLIENT_KEY_ALG,
            SCOPES);
    private static final Pattern KEY = Pattern.compile(Pattern.quote(PREFIX) + "([A-Za-z0-9_-]+)\\.([a-z-]+)");

    private final String name;
    private final String issuer;
    private final URI jwksUrl;
    private final URI discoveryUrl;
    private final String audience;
    private final Set<JwsAlgorithm> algorithms;
    private final String usernameClaim;
    /** What precedes the claim's value in the user name: {@code "<name>:"}, or nothing with plain names. */
    private final String namePrefix;
    private final ClaimPath rolesClaim;
    private final Duration refetchInterval;
    private final Duration staleLimit;
    private final boolean backchannelLogout;
    /** This application as the provider's client (browsers sign in through it), or {@code null} without a client id. */
    private final SignInClient signIn;

    private ExternalIssuer(String name, Settings settings) {
        this.name = name;
        this.issuer = settings.get(key(name, ISSUER)).orElseThrow(() -> new ConfigException(key(name, ISSUER),
                "is required: other " + PREFIX + name + ".* keys are set"));
        // Without an audience, tokens the provider issued to any other application would pass: the client id serves.
        this.audience = settings.get(key(name, AUDIENCE)).or(() -> settings.get(key(name, CLIENT_ID))).orElseThrow(() ->
                new ConfigException(key(name, AUDIENCE), "is required (or " + key(name, CLIENT_ID) + ", which then serves as it): "
                        + "without it, tokens the provider issued to any other application would be accepted"));
        String jwks = settings.get(key(name, JWKS_URL)).orElse(null);
        if (jwks != null) {
            this.jwksUrl = url(key(name, JWKS_URL), jwks);
            this.discoveryUrl = null;
        } else {
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            this.jwksUrl = null;
            this.discoveryUrl = url(key(name, ISSUER), base + "/.well-known/openid-configuration");
        }
        this.algorithms = algorithms(key(name, ALGORITHMS), settings.list(key(name, ALGORITHMS)));
        this.usernameClaim = settings.string(key(name, USERNAME_CLAIM), "preferred_username");
        this.namePrefix = settings.bool(key(name, PLAIN_NAMES), false) ? "" : name + ":";
        String roles = settings.get(key(name, ROLES_CLAIM)).orElse(null);
        try {
            this.rolesClaim = roles == null ? null : ClaimPath.parse(roles);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(name, ROLES_CLAIM), e.getMessage());
        }
        this.refetchInterval = settings.duration(key(name, REFETCH_INTERVAL), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofHours(1));
        this.staleLimit = settings.duration(key(name, STALE_LIMIT), Duration.ofHours(1), Duration.ZERO, Duration.ofDays(7));
        this.backchannelLogout = settings.bool(key(name, BACKCHANNEL_LOGOUT), false);
        this.signIn = SignInClient.read(name, settings);
    }

    /**
     * Every issuer configured under {@code jwtauth.external.<name>.*}, by name. A name whose keys are all unset is
     * no issuer, so that {@code web.xml} may map each key to an environment variable that is usually unset.
     */
    public static List<ExternalIssuer> fromSettings(Settings settings, String ownIssuer) {
        Set<String> names = new TreeSet<>();
        for (String key : keysIn(settings)) {
            Matcher matcher = KEY.matcher(key);
            if (matcher.matches()) {
                names.add(matcher.group(1));
            }
        }
        TreeMap<String, ExternalIssuer> byIssuer = new TreeMap<>();
        List<ExternalIssuer> issuers = new ArrayList<>();
        for (String name : names) {
            ExternalIssuer external = new ExternalIssuer(name, settings);
            if (external.issuer.equals(ownIssuer)) {
                throw new ConfigException(key(name, ISSUER), "equals jwtauth.issuer; an external issuer needs its own iss");
            }
            ExternalIssuer twin = byIssuer.put(external.issuer, external);
            if (twin != null) {
                throw new ConfigException(key(name, ISSUER), "is also the issuer of " + PREFIX + twin.name + "; configure each issuer once");
            }
            issuers.add(external);
        }
        return List.copyOf(issuers);
    }

    /** The {@code jwtauth.external.<name>.<suffix>} keys set in {@code settings} whose suffix is one this class reads. */
    public static Set<String> keysIn(Settings settings) {
        Set<String> known = new TreeSet<>();
        for (String key : settings.keys()) {
            Matcher matcher = KEY.matcher(key);
            if (matcher.matches() && SUFFIXES.contains(matcher.group(2))) {
                known.add(key);
            }
        }
        return known;
    }

    static String key(String name, String suffix) {
        return PREFIX + name + "." + suffix;
    }

    private static Set<JwsAlgorithm> algorithms(String key, List<String> names) {
        if (names.isEmpty()) {
            return Set.of(JwsAlgorithm.RS256);
        }
        Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
        for (String algorithmName : names) {
            JwsAlgorithm algorithm = JwsAlgorithm.fromName(algorithmName).orElseThrow(() -> new ConfigException(key,
                    "'" + algorithmName + "' is not a JWS algorithm; use RS256, PS256, ES256, EdDSA or the like"));
            if (algorithm.isSymmetric()) {
                throw new ConfigException(key, algorithm + " needs a shared secret; an identity provider's tokens are "
                        + "verified with its public keys only");
            }
            algorithms.add(algorithm);
        }
        return Set.copyOf(algorithms);
    }

    /** An absolute HTTPS URL, or HTTP to a loopback address (a test or a side-car). */
    static URI url(String key, String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, "is not a URL: '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException(key, "must be an absolute https:// URL, was '" + value + "'");
        }
        if (scheme.equals("http") && !IpAddresses.isLoopbackHost(uri.getHost())) {
            throw new ConfigException(key, "must be https:// (plain http only to a loopback address), was '" + value + "'");
        }
        if (uri.getUserInfo() != null) {
            throw new ConfigException(key, "must not carry credentials");
        }
        return uri;
    }

    /** The {@code <name>} of its keys, for log lines and messages. */
    public String name() {
        return name;
    }

    public String issuer() {
        return issuer;
    }

    /** The configured JWKS URL, or {@code null} when discovery finds it. */
    URI jwksUrl() {
        return jwksUrl;
    }

    /** The OIDC discovery document's URL, or {@code null} when the JWKS URL is configured. */
    URI discoveryUrl() {
        return discoveryUrl;
    }

    public String audience() {
        return audience;
    }

    public Set<JwsAlgorithm> algorithms() {
        return algorithms;
    }

    String usernameClaim() {
        return usernameClaim;
    }

    /** {@code "<name>:"} before every user name of this provider, or {@code ""} with {@code plain-names=true}. */
    String namePrefix() {
        return namePrefix;
    }

    /** The roles claim's path, or {@code null} for no roles. */
    ClaimPath rolesClaim() {
        return rolesClaim;
    }

    Duration refetchInterval() {
        return refetchInterval;
    }

    Duration staleLimit() {
        return staleLimit;
    }

    /** {@code backchannel-logout}: the provider may end its sessions here (OpenID Connect Back-Channel Logout). */
    public boolean backchannelLogout() {
        return backchannelLogout;
    }

    /** This application's client id at the provider, or {@code null}: with one, browsers can sign in through it. */
    public String clientId() {
        return signIn == null ? null : signIn.clientId();
    }

    /** How this application signs browsers in as the provider's client; {@code null} without a client id. */
    SignInClient signIn() {
        return signIn;
    }

    /** The OIDC discovery document's URL, whether or not the JWKS URL is configured: sign-in reads its endpoints there. */
    URI signInDiscoveryUrl() {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return url(key(name, ISSUER), base + "/.well-known/openid-configuration");
    }

    /** The audience of the provider's logout tokens: the {@code client-id}, else the configured audience. */
    String logoutAudience() {
        return signIn != null ? signIn.clientId() : audience;
    }

    @Override
    public String toString() {
        return "ExternalIssuer[" + name + ", iss=" + issuer + ", keys from " + (jwksUrl != null ? jwksUrl : discoveryUrl) + "]";
    }
}
