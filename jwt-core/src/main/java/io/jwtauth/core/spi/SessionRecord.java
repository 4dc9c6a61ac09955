package io.jwtauth.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One login session, as stored. Holds hashes only: the renewal token itself is never stored.
 *
 * @param sessionId              random id, the token's {@code sid}
 * @param userId                 owner
 * @param renewalHash            hash of the current renewal token
 * @param supersededHashes       hashes of earlier renewal tokens of this session, newest first (bounded);
 *                               presenting one of them is a replay
 * @param supersededAt           when the newest superseded token was replaced, by the store's clock
 *                               ({@link SessionStore#currentTime()}), or {@code null}
 * @param generation             incremented by every renewal; the compare-and-set guard
 * @param accessTokenId          {@code jti} of the only access token currently accepted
 * @param credentialDigest       digest of the user's credential stamp at login
 * @param createdAt              login time
 * @param renewedAt              last renewal, or {@code null}
 * @param renewalDeadline        fixed at login; no renewal at or after it
 * @param revokedAt              when the session was ended, or {@code null} while live
 * @param clientAddress          address of the client at login (for audit), may be {@code null}
 * @param userAgent              user agent at login (for audit, truncated), may be {@code null}
 */
public record SessionRecord(String sessionId, String userId, String renewalHash, List<String> supersededHashes,
                            Instant supersededAt, long generation, String accessTokenId, String credentialDigest,
                            Instant createdAt, Instant renewedAt, Instant renewalDeadline, Instant revokedAt,
                            String clientAddress, String userAgent) {
    public SessionRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(renewalHash, "renewalHash");
        supersededHashes = supersededHashes == null ? List.of() : List.copyOf(supersededHashes);
        Objects.requireNonNull(accessTokenId, "accessTokenId");
        Objects.requireNonNull(credentialDigest, "credentialDigest");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(renewalDeadline, "renewalDeadline");
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }

    /** This session after a successful {@link RenewalUpdate}, superseded at {@code supersededAt} (store time). */
    public SessionRecord renewed(RenewalUpdate update, Instant supersededAt) {
        return new SessionRecord(sessionId, userId, update.newRenewalHash(), update.supersededHashes(), supersededAt,
                generation + 1, update.newAccessTokenId(), credentialDigest, createdAt, update.now(), renewalDeadline,
                null, clientAddress, userAgent);
    }

    /** This session, ended at {@code at}. */
    public SessionRecord revoked(Instant at) {
        return new SessionRecord(sessionId, userId, renewalHash, supersededHashes, supersededAt, generation,
                accessTokenId, credentialDigest, createdAt, renewedAt, renewalDeadline, at, clientAddress, userAgent);
    }

    @Override
    public String toString() {
        return "SessionRecord[sid=" + sessionId + ", user=" + userId + ", generation=" + generation
                + ", deadline=" + renewalDeadline + (revokedAt == null ? "" : ", revoked=" + revokedAt) + "]";
    }
}
