package io.jwtauth.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * A renewal, to be applied only if the session is still exactly as core read it: live, at
 * {@code expectedGeneration}, with {@code expectedRenewalHash}. Core computes every value.
 *
 * @param sessionId           the session
 * @param expectedGeneration  generation read before the renewal
 * @param expectedRenewalHash renewal hash read before the renewal
 * @param newRenewalHash      hash of the new renewal token
 * @param supersededHashes    the new list of superseded hashes, newest first
 * @param newAccessTokenId    {@code jti} of the new access token
 * @param now                 the renewal time (becomes {@code renewedAt} and {@code supersededAt})
 */
public record RenewalUpdate(String sessionId, long expectedGeneration, String expectedRenewalHash, String newRenewalHash,
                            List<String> supersededHashes, String newAccessTokenId, Instant now) {
    public RenewalUpdate {
        supersededHashes = List.copyOf(supersededHashes);
    }
}
