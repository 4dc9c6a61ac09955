package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.tokens.IssuedToken;
import io.jwtauth.core.tokens.TokenIssuer;
import io.jwtauth.core.tokens.TokenVerifier;
import io.jwtauth.core.tokens.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Access tokens of sessions: issued with the access TTL but never past the session's renewal deadline, and
 * accepted only when they carry the session claims ({@code sid}, {@code sub}, {@code jti}) the flow needs.
 * Also the session's own secrets and the time it is stamped with. Built once from the settings; immutable and
 * thread-safe.
 */
final class SessionTokens {
    private static final int SESSION_ID_BYTES = 16;
    private static final int RENEWAL_TOKEN_BYTES = 32;
    private final TokenIssuer issuer;
    /** The same, writing header {@code typ} {@code JWT}: for the DNN profile's clients. */
    private final TokenIssuer plainIssuer;
    private final TokenVerifier verifier;
    private final Duration accessTtl;
    private final Clock clock;

    SessionTokens(AuthSettings settings, Clock clock) {
        KeyRing keys = settings.keyRing();
        TokenIssuer plain = new TokenIssuer(keys.signingKey(), settings.issuer(), settings.audience());
        this.issuer = settings.roleUriClaim() ? plain.withRoleUriClaim() : plain;
        this.plainIssuer = issuer.withPlainType();
        this.verifier = TokenVerifier.builder(keys)
                .issuer(settings.issuer())
                .audience(settings.audience())
                .clockSkew(settings.clockSkew())
                .maxTokenLength(settings.maxTokenLength())
                .clock(clock)
                .build();
        this.accessTtl = settings.accessTtl();
        this.clock = clock;
    }

    /** Now, at millisecond precision so that what is stored reads back equal on every database. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A new session id (128 random bits). */
    static String newSessionId() {
        return Secrets.randomToken(SESSION_ID_BYTES);
    }

    /** A new renewal token (256 random bits); only its hash is stored. */
    static String newRenewalToken() {
        return Secrets.randomToken(RENEWAL_TOKEN_BYTES);
    }

    /**
     * A session's new access token, bound to {@code confirmationKey} when it is not null (DPoP), typed {@code JWT}
     * instead of {@code at+jwt} where {@code plainType}.
     */
    IssuedToken issue(UserRecord user, String sessionId, Instant now, Instant renewalDeadline, String confirmationKey,
                      boolean plainType) {
        return issue(user, sessionId, now, renewalDeadline, confirmationKey, plainType, null);
    }

    /** {@link #issue(UserRecord, String, Instant, Instant, String, boolean)} for a session signed in at {@code provider} (or null). */
    IssuedToken issue(UserRecord user, String sessionId, Instant now, Instant renewalDeadline, String confirmationKey,
                      boolean plainType, ProviderSessions.Link provider) {
        Instant expiry = now.plus(accessTtl);
        if (expiry.isAfter(renewalDeadline)) {
            expiry = renewalDeadline;
        }
        return (plainType ? plainIssuer : issuer).issue(user.userId(), user.username(), sessionId, user.roles(), now, expiry,
                confirmationKey, provider == null ? null : provider.provider(), provider == null ? null : provider.providerSessionId());
    }

    /**
     * A valid token of a session; {@code bad-jwt} otherwise. With {@code acceptExpired} an expired but otherwise
     * valid token passes (renewal and logout take the session's last token even after it expired).
     */
    VerifiedToken verify(String accessToken, boolean acceptExpired) {
        VerifiedToken token = verifier.verify(accessToken, acceptExpired);
        if (token.sessionId() == null || token.subject() == null || token.tokenId() == null) {
            throw new AuthException(AuthError.BAD_JWT, "token lacks sid, sub or jti");
        }
        return token;
    }
}
