package io.jwtauth.core.flow;

import io.jwtauth.core.tokens.VerifiedToken;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user behind a valid access token of a live session: what {@code getUserPrincipal()} returns
 * downstream. Its name is the user name ({@code preferred_username}), falling back to the user id.
 * Immutable and thread-safe; built once per distinct token and then held by the verified-token cache, so it
 * keeps the claims it needs as fields rather than the parsed token (which took three times the heap).
 */
public final class AuthenticatedUser implements Principal {
    /** The claims kept as fields; {@link #claims()} rebuilds them, in this order. Any other claim is kept as it was. */
    static final List<String> STANDARD_CLAIMS = List.of("iss", "sub", "preferred_username", "sid", "role", "iat", "nbf",
            "exp", "jti");
    /**
     * Of an external issuer's token, the claims kept as fields: its name, roles and {@code sid} are not jwtauth's
     * (the name and roles come from the configured claims), so those claims stay as the token carries them.
     */
    private static final List<String> EXTERNAL_FIELD_CLAIMS = List.of("iss", "sub", "iat", "nbf", "exp", "jti");
    private static final short EXTERNAL_FIELD_MASK = mask(EXTERNAL_FIELD_CLAIMS);

    private final String name;
    private final String userId;
    private final String sessionId;
    private final String tokenId;
    private final String issuer;
    private final Roles roles;
    private final long issuedAtSeconds;
    private final long notBeforeSeconds;
    private final long expiresAtMillis;
    /** Epoch millis after which the token is refused (exp + clock skew): a primitive for the hot path. */
    private final long refuseAfterMillis;
    /**
     * The configured name of the identity provider the user comes from: the issuer of an external token, or where a
     * session of ours was signed in; {@code null} for a local user.
     */
    private final String identityProvider;
    /** An external issuer's token (no jwtauth session), rather than one of ours. */
    private final boolean external;
    /** Bit i set: {@code STANDARD_CLAIMS.get(i)} is in the token. */
    private final short presentClaims;
    private final Map<String, Object> otherClaims;
    /** {@code cnf.jkt}: the key the token is bound to (DPoP), or {@code null}. */
    private final String confirmationKey;
    /**
     * The provider-logout markers that can end the token ({@link ProviderLogouts}): of an external user's token, or of a
     * session signed in at a provider that sends back-channel logouts; empty otherwise.
     */
    private final List<String> logoutMarkers;

    /** The role list as the token carries it, and as a set for {@link #hasRole}; shared by equal lists. */
    record Roles(List<String> list, Set<String> set) {
        static Roles of(List<String> roles) {
            return new Roles(List.copyOf(roles), Set.copyOf(roles));
        }
    }

    /**
     * @param session the session's state from the session cache: where its ids equal the token's, the user takes
     *                those instances, so that both caches hold one copy of each
     */
    AuthenticatedUser(VerifiedToken token, Duration clockSkew, Interner interner, Sessions.State session) {
        this(token, clockSkew, interner, session, List.of());
    }

    /** The same, for a session signed in at an identity provider: {@code logoutMarkers} are the provider's logouts that end it. */
    AuthenticatedUser(VerifiedToken token, Duration clockSkew, Interner interner, Sessions.State session, List<String> logoutMarkers) {
        this(token, shared(token.subject(), session == null ? null : session.userId()), token.username(),
                shared(token.sessionId(), session == null ? null : session.sessionId()),
                shared(token.tokenId(), session == null ? null : session.accessTokenId()), token.roles(),
                signedInAt(token), false, clockSkew, interner, logoutMarkers);
    }

    /** The provider a session of ours was signed in at ({@code idp}), or {@code null} for a local login. */
    private static String signedInAt(VerifiedToken token) {
        ProviderSessions.Link link = ProviderSessions.linkOf(token);
        return link == null ? null : link.provider();
    }

    /** The user behind an external issuer's token: {@code name} and {@code roles} from its configured claims, no session. */
    AuthenticatedUser(VerifiedToken token, String name, List<String> roles, String identityProvider, Duration clockSkew,
                      Interner interner, List<String> logoutMarkers) {
        this(token, token.subject(), name, null, token.tokenId(), roles, identityProvider, true, clockSkew, interner, logoutMarkers);
    }

    private AuthenticatedUser(VerifiedToken token, String userId, String name, String sessionId, String tokenId, List<String> roles,
            String identityProvider, boolean external, Duration clockSkew, Interner interner, List<String> logoutMarkers) {
        this.external = external;
        this.userId = userId;
        this.name = name == null || name.equals(userId) ? userId : name;
        this.sessionId = sessionId;
        this.tokenId = tokenId;
        this.issuer = token.issuer() == null ? null : interner.intern(token.issuer());
        this.roles = interner.intern(Roles.of(roles));
        this.issuedAtSeconds = token.issuedAt() == null ? 0 : token.issuedAt().getEpochSecond();
        this.notBeforeSeconds = token.notBefore() == null ? 0 : token.notBefore().getEpochSecond();
        this.expiresAtMillis = token.expiresAt().toEpochMilli();
        this.refuseAfterMillis = token.expiresAt().plus(clockSkew).toEpochMilli();
        this.identityProvider = identityProvider == null ? null : interner.intern(identityProvider);
        this.presentClaims = present(token, external ? EXTERNAL_FIELD_MASK : (short) -1);
        this.otherClaims = interner.intern(token.claimsOtherThan(external ? EXTERNAL_FIELD_CLAIMS : STANDARD_CLAIMS));
        this.confirmationKey = token.confirmationKey();
        this.logoutMarkers = logoutMarkers;
    }

    /** {@code fromSession} when it equals {@code fromToken} (one shared instance), else {@code fromToken}. */
    private static String shared(String fromToken, String fromSession) {
        return fromSession != null && fromSession.equals(fromToken) ? fromSession : fromToken;
    }

    private static short mask(List<String> claims) {
        short mask = 0;
        for (String claim : claims) {
            mask |= (short) (1 << STANDARD_CLAIMS.indexOf(claim));
        }
        return mask;
    }

    /** The presence bits of the standard claims {@code token} has, of those in {@code mask}. */
    private static short present(VerifiedToken token, short mask) {
        short present = 0;
        for (int i = 0; i < STANDARD_CLAIMS.size(); i++) {
            if ((mask & (1 << i)) != 0 && token.hasClaim(STANDARD_CLAIMS.get(i))) {
                present |= (short) (1 << i);
            }
        }
        return present;
    }

    /** The RFC 7638 thumbprint of the key the token is bound to ({@code cnf.jkt}, DPoP), or {@code null} for a bearer token. */
    public String confirmationKey() {
        return confirmationKey;
    }

    List<String> logoutMarkers() {
        return logoutMarkers;
    }

    long issuedAtSeconds() {
        return issuedAtSeconds;
    }

    boolean isExpiredAt(long nowMillis) {
        return nowMillis >= refuseAfterMillis;
    }

    /** The user name. */
    @Override
    public String getName() {
        return name;
    }

    /** {@code sub}. */
    public String userId() {
        return userId;
    }

    /**
     * Whether the token came from a configured external identity provider: it has no jwtauth session, cannot be
     * renewed or logged out here, and is valid until its {@code exp}.
     */
    public boolean isExternal() {
        return external;
    }

    /**
     * The configured name of the identity provider the user comes from ({@code <name>} of {@code
     * jwtauth.external.<name>.*}): the issuer of an external token, or the provider a session of ours was signed in at
     * ({@code idp}); {@code null} for a local user. How code tells a provider's user from a local one, whatever their
     * names.
     */
    public String identityProvider() {
        return identityProvider;
    }

    /** {@code sid}: the jwtauth session; {@code null} for an {@linkplain #isExternal() external} token. */
    public String sessionId() {
        return sessionId;
    }

    /** {@code jti}. */
    public String tokenId() {
        return tokenId;
    }

    public Set<String> roles() {
        return roles.set();
    }

    public boolean hasRole(String role) {
        return roles.set().contains(role);
    }

    public Instant expiresAt() {
        return Instant.ofEpochMilli(expiresAtMillis);
    }

    /**
     * All claims of the access token as plain Java values, read-only: the standard ones in the order of
     * {@code iss, sub, preferred_username, sid, role, iat, nbf, exp, jti} (times as {@code Long} epoch seconds,
     * {@code role} as a list), then every other claim as the token carries it. Rebuilt on each call.
     */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        Object[] values = {issuer, userId, name, sessionId, roles.list(),
                issuedAtSeconds, notBeforeSeconds, expiresAtMillis / 1000, tokenId};
        for (int i = 0; i < values.length; i++) {
            if (present(i)) {
                claims.put(STANDARD_CLAIMS.get(i), values[i]);
            }
        }
        claims.putAll(otherClaims);
        return Collections.unmodifiableMap(claims);
    }

    private boolean present(int claim) {
        return (presentClaims & (1 << claim)) != 0;
    }

    @Override
    public String toString() {
        return "AuthenticatedUser[" + name + ", sid=" + sessionId + ", roles=" + roles.set() + "]";
    }
}
