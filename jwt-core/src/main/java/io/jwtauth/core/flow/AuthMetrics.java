package io.jwtauth.core.flow;

import java.time.Duration;

/**
 * A snapshot of this node's authentication caches, for monitoring.
 *
 * @param sessionCacheSize   sessions (live, revoked or unknown) currently cached
 * @param sessionCacheHitRate fraction of session look-ups answered from the cache
 * @param sessionStoreReads  session look-ups that went to the store since start
 * @param tokenCacheSize     verified access tokens currently cached
 * @param feedLag            time since the change feed was last read successfully
 */
public record AuthMetrics(long sessionCacheSize, double sessionCacheHitRate, long sessionStoreReads,
                          long tokenCacheSize, Duration feedLag) {
}
