package io.jwtauth.core.flow;

import java.time.Duration;

/**
 * A snapshot of this node's authentication caches, for monitoring.
 *
 * @param sessionCacheSize   sessions (live, revoked or unknown) currently cached
 * @param sessionCacheHitRate fraction of session look-ups answered from the cache
 * @param sessionStoreReads  session look-ups that went to the store since start
 * @param tokenCacheSize     verified access tokens currently cached
 * @param feedLag            how far behind the change feed is: time since the start of the last read that caught up
 * @param feedPolls          feed reads that caught up, since start
 * @param feedRowsRead       feed entries read since start (each change is read once per node)
 * @param feedOpenHoles      change keys below the newest seen that have not appeared yet (writes in flight)
 */
public record AuthMetrics(long sessionCacheSize, double sessionCacheHitRate, long sessionStoreReads,
                          long tokenCacheSize, Duration feedLag, long feedPolls, long feedRowsRead, int feedOpenHoles) {
}
