package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.external.ExternalTokens;
import io.jwtauth.core.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The per-request check of an access token: the user behind a valid, current access token of a live session, or
 * behind a configured identity provider's token. A repeated token costs a cache look-up; a known live session costs
 * no store query; a token that fails the session check takes no cache slot. The rules, in order:
 * <ol>
 *   <li>a cached token is refused once past {@code exp} plus the skew;</li>
 *   <li>revocation data older than {@code max-staleness} refuses every own token ({@code unavailable}): serving from
 *       a cache that may have missed a logout would be failing open;</li>
 *   <li>the token's session must be live, of the token's user, and the token its latest.</li>
 * </ol>
 * Thread-safe.
 */
final class TokenAuthentication {
    private final SessionTokens tokens;
    private final VerifiedTokens verifiedTokens;
    /** Tokens of the configured external identity providers; {@link ExternalTokens#NONE} when there are none. */
    private final ExternalTokens externalTokens;
    private final Sessions sessions;
    private final ChangeFeed feed;
    private final AuthCounters counters;
    /** Role lists and other repeated claim values, shared by the cached users. */
    private final Interner interner = new Interner();
    private final Duration clockSkew;
    private final long maxStalenessMillis;
    private final Clock clock;
    private final ProviderLogouts providerLogouts;
    private final ProviderSessions providerSessions;
    private final DpopBinding dpop;

    TokenAuthentication(SessionTokens tokens, VerifiedTokens verifiedTokens, ExternalTokens externalTokens, Sessions sessions,
                        ChangeFeed feed, AuthCounters counters, Duration clockSkew, Duration maxStaleness, Clock clock,
                        ProviderLogouts providerLogouts, ProviderSessions providerSessions, DpopBinding dpop) {
        this.dpop = dpop;
        this.providerLogouts = providerLogouts;
        this.providerSessions = providerSessions;
        this.tokens = tokens;
        this.verifiedTokens = verifiedTokens;
        this.externalTokens = externalTokens;
        this.sessions = sessions;
        this.feed = feed;
        this.counters = counters;
        this.clockSkew = clockSkew;
        this.maxStalenessMillis = maxStaleness.toMillis();
        this.clock = clock;
    }

    /**
     * The user behind a request's credential: its token as {@link #authenticate(String)}, and a DPoP-bound token only
     * with a valid proof of its key ({@code bad-dpop}).
     */
    AuthenticatedUser authenticate(Credential credential) {
        AuthenticatedUser user = authenticate(credential.token());
        dpop.checkRequest(user, credential);
        return user;
    }

    /** See the class comment; {@link AuthService#authenticate} documents the refusals. */
    private AuthenticatedUser authenticate(String accessToken) {
        // Primitive time only: a repeated token of a live session allocates nothing here.
        long nowMillis = clock.millis();
        TokenDigest key = verifiedTokens.keyOf(accessToken);
        AuthenticatedUser user = key == null ? null : verifiedTokens.get(key);
        counters.tokenCache(user != null);
        if (user != null) {
            if (user.isExpiredAt(nowMillis)) {
                throw new AuthException(AuthError.BAD_JWT, "expired");
            }
            if (user.isExternal()) {
                checkProviderLogouts(user, nowMillis);
                return user;
            }
            requireFresh(nowMillis);
            requireCurrent(sessions.get(user.sessionId()), user.userId(), user.tokenId());
            checkProviderLogouts(user, nowMillis);
            return user;
        }
        // One peek at the unverified iss decides which verifier judges the token.
        ExternalTokens.Identity identity = externalTokens.verifyIfExternal(accessToken);
        if (identity != null) {
            List<String> markers = externalTokens.takesBackchannelLogout(identity.provider())
                    ? ProviderLogouts.markersOf(identity.provider(), identity.token().sessionId(), identity.token().subject())
                    : List.of();
            user = new AuthenticatedUser(identity.token(), identity.name(), identity.roles(), identity.provider(), clockSkew, interner,
                    markers);
            checkProviderLogouts(user, nowMillis);
            if (key != null) {
                verifiedTokens.put(key, user);
            }
            return user;
        }
        VerifiedToken token = tokens.verify(accessToken, false);
        requireFresh(nowMillis);
        Sessions.State session = sessions.get(token.sessionId());
        requireCurrent(session, token.subject(), token.tokenId());
        // Only now: a token that fails the session check must not take a cache slot (churn by many sessions).
        user = new AuthenticatedUser(token, clockSkew, interner, session, providerSessions.markersOf(token));
        checkProviderLogouts(user, nowMillis);
        if (key != null) {
            verifiedTokens.put(key, user);
        }
        return user;
    }

    /** A provider's token whose session or subject the provider logged out since it was issued: {@code bad-token}. */
    private void checkProviderLogouts(AuthenticatedUser user, long nowMillis) {
        if (!user.logoutMarkers().isEmpty()) {
            requireFresh(nowMillis); // a stale feed may have missed the logout
            providerLogouts.check(user);
        }
    }

    private static void requireCurrent(Sessions.State session, String userId, String tokenId) {
        if (!session.isLive()) {
            throw new AuthException(AuthError.BAD_TOKEN, "session unknown or revoked");
        }
        if (!session.accessTokenId().equals(tokenId) || !session.userId().equals(userId)) {
            throw new AuthException(AuthError.BAD_TOKEN, "access token superseded by a renewal");
        }
    }

    private void requireFresh(long nowMillis) {
        long lagMillis = nowMillis - feed.freshAsOfMillis();
        if (lagMillis > maxStalenessMillis) {
            throw StoreCalls.unavailable("revocation feed is " + lagMillis + " ms stale", null);
        }
    }
}
