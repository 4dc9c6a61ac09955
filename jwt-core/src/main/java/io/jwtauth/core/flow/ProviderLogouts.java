package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Logouts an identity provider pushed (OpenID Connect Back-Channel Logout), carried to every node by the session
 * store's change feed, like every other revocation. A logout of a provider session ({@code sid}), or of a subject
 * ({@code sub} alone), is a <em>marker</em>: a row in the session store under an id derived from the provider and the
 * sid or subject, which holds the time of the latest such logout. Writing it records a change, so every node drops its
 * cached copy within the revocation bound and reads the new time. A provider's token whose {@code sid} or {@code sub}
 * has a marker, and that was issued at or before the marker's time, is refused ({@code bad-token}) until it expires.
 *
 * <p>A marker is kept {@link #MARKER_LIFETIME} from its first logout (then purged, like an ended session): the
 * provider's access tokens must live shorter than that, as they do (minutes). Thread-safe.
 */
final class ProviderLogouts {
    /** Marker ids start with this; a session id (base64url of random bytes) never has a colon. */
    static final String MARKER_PREFIX = "bcl:";
    static final Duration MARKER_LIFETIME = Duration.ofDays(2);
    private static final String LOGGED_OUT_AT = "logout@";
    private static final String NO_SECRET = Secrets.sha256("jwtauth: a provider logout marker has no renewal token");
    private static final int ATTEMPTS = 5;

    private final Sessions sessions;

    ProviderLogouts(Sessions sessions) {
        this.sessions = sessions;
    }

    /** The marker ids that can log out a token of {@code provider} with this {@code sid} and {@code sub} (each may be null). */
    static List<String> markersOf(String provider, String sid, String sub) {
        List<String> markers = new ArrayList<>(2);
        if (sid != null) {
            markers.add(marker(provider, "sid", sid));
        }
        if (sub != null) {
            markers.add(marker(provider, "sub", sub));
        }
        return List.copyOf(markers);
    }

    private static String marker(String provider, String kind, String value) {
        byte[] digest = Secrets.sha256Bytes(provider + '\u0000' + kind + '\u0000' + value);
        return MARKER_PREFIX + Base64Url.encode(digest);
    }

    /**
     * Records a logout of {@code sid} (a provider session), or of {@code sub} when no sid came, at {@code at}: creates the
     * marker or moves its time forward, recording a change in the feed either way.
     */
    void record(String provider, String sid, String sub, Instant at) {
        String markerId = sid != null ? marker(provider, "sid", sid) : marker(provider, "sub", sub);
        String loggedOutAt = LOGGED_OUT_AT + at.getEpochSecond();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long version = sessions.version();
            Optional<SessionRecord> found = sessions.reload(markerId);
            if (found.isEmpty()) {
                try {
                    sessions.open(new SessionRecord(markerId, MARKER_PREFIX + provider, NO_SECRET, List.of(), null, 0, loggedOutAt,
                            NO_SECRET, at, null, at.plus(MARKER_LIFETIME), null, null, null));
                } catch (RuntimeException createdMeanwhile) {
                    // Another node wrote the same marker first: read it and move its time.
                    continue;
                }
                continue; // created without a change record: the update below records one
            }
            SessionRecord marker = found.get();
            if (marker.isRevoked()) {
                throw new AuthException(AuthError.SERVER_ERROR, "a provider logout marker was revoked");
            }
            RenewalUpdate update = new RenewalUpdate(markerId, marker.generation(), marker.renewalHash(), marker.renewalHash(),
                    List.of(), later(marker.accessTokenId(), loggedOutAt), at);
            if (sessions.renew(marker, update, at, version)) {
                return;
            }
        }
        throw StoreCalls.unavailable("a provider logout marker kept changing under this node", null);
    }

    /** Of two marker times, the later: a logout token delivered late never moves a marker back. */
    private static String later(String current, String next) {
        return loggedOutSeconds(current) >= loggedOutSeconds(next) ? current : next;
    }

    /** {@code bad-token} when one of the user's markers logged its token out (issued at or before the logout). */
    void check(AuthenticatedUser user) {
        if (loggedOutSince(user.logoutMarkers(), user.issuedAtSeconds())) {
            throw new AuthException(AuthError.BAD_TOKEN, "the identity provider logged this session out");
        }
    }

    /** Whether one of {@code markerIds} records a logout at or after {@code epochSeconds}. */
    boolean loggedOutSince(List<String> markerIds, long epochSeconds) {
        for (String markerId : markerIds) {
            Sessions.State marker = sessions.get(markerId);
            if (marker.isLive() && epochSeconds <= loggedOutSeconds(marker.accessTokenId())) {
                return true;
            }
        }
        return false;
    }

    private static long loggedOutSeconds(String accessTokenId) {
        if (accessTokenId == null || !accessTokenId.startsWith(LOGGED_OUT_AT)) {
            return Long.MAX_VALUE; // not a marker written by this class: refuse rather than guess
        }
        try {
            return Long.parseLong(accessTokenId.substring(LOGGED_OUT_AT.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
