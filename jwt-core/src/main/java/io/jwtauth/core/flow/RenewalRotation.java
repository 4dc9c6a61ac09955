package io.jwtauth.core.flow;

import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.RenewalUpdate;
import io.jwtauth.core.spi.SessionRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Renewal-token rotation, without a store: what a successful renewal writes, and what a renewal token that is
 * not the session's current one means (RFC 9700 §4.14.2). Immutable and thread-safe.
 *
 * <p>A presented token is judged against the session's previous tokens:
 * <ul>
 *   <li>{@link Verdict#FOREIGN}: none of them — refused, the session lives on;</li>
 *   <li>{@link Verdict#RACE}: the one superseded last, no more than {@link AuthService#RACE_WINDOW} plus the
 *       request's own time before the store's "now" — a concurrent renewal with the same token that lost;</li>
 *   <li>{@link Verdict#GRACE}: the one superseded last, within {@code jwtauth.renewal.reuse-grace};</li>
 *   <li>{@link Verdict#REPLAY}: otherwise — a stolen or replayed token, so the session is revoked.</li>
 * </ul>
 * Both windows are judged on the store's clock (it stamped the supersede time), never on two nodes' clocks.
 */
final class RenewalRotation {
    /** How many previous renewal-token hashes a session keeps, to tell a replay from a stranger's token. */
    static final int MAX_SUPERSEDED_HASHES = 16;

    /** What a renewal token that is not the session's current one means. */
    enum Verdict { FOREIGN, RACE, GRACE, REPLAY }

    private final Duration reuseGrace;

    RenewalRotation(Duration reuseGrace) {
        this.reuseGrace = reuseGrace;
    }

    /** The compare-and-set that replaces the session's renewal token with {@code newRenewalHash}. */
    RenewalUpdate next(SessionRecord session, String newRenewalHash, String accessTokenId, Instant now) {
        List<String> superseded = new ArrayList<>(MAX_SUPERSEDED_HASHES);
        superseded.add(session.renewalHash());
        for (String older : session.supersededHashes()) {
            if (superseded.size() < MAX_SUPERSEDED_HASHES) {
                superseded.add(older);
            }
        }
        return new RenewalUpdate(session.sessionId(), session.generation(), session.renewalHash(), newRenewalHash,
                superseded, accessTokenId, now);
    }

    /** The update of a renewal that keeps the session's renewal token ({@code jwtauth.renewal.rotate=false}). */
    RenewalUpdate keep(SessionRecord session, String accessTokenId, Instant now) {
        return new RenewalUpdate(session.sessionId(), session.generation(), session.renewalHash(), session.renewalHash(),
                session.supersededHashes(), accessTokenId, now);
    }

    /**
     * Judges {@code presentedHash}, which is not {@code session}'s current renewal hash.
     *
     * @param storeNow the store's current time; asked only when the token is the one superseded last
     * @param inFlight how long the presenting request has been in flight on this node
     */
    Verdict judge(SessionRecord session, String presentedHash, Supplier<Instant> storeNow, Duration inFlight) {
        List<String> superseded = session.supersededHashes();
        int index = -1;
        // Every hash is compared (constant time each), so the position of a match does not show in the timing.
        for (int i = 0; i < superseded.size(); i++) {
            if (Secrets.constantTimeEquals(presentedHash, superseded.get(i)) && index < 0) {
                index = i;
            }
        }
        if (index < 0) {
            return Verdict.FOREIGN;
        }
        if (index != 0 || session.supersededAt() == null) {
            return Verdict.REPLAY;
        }
        Duration sinceSuperseded = Duration.between(session.supersededAt(), storeNow.get());
        if (sinceSuperseded.compareTo(AuthService.RACE_WINDOW.plus(inFlight)) <= 0) {
            return Verdict.RACE;
        }
        if (!reuseGrace.isZero() && sinceSuperseded.compareTo(reuseGrace) < 0) {
            return Verdict.GRACE;
        }
        return Verdict.REPLAY;
    }
}
