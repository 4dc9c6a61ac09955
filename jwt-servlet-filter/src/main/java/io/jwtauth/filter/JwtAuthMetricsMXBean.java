package io.jwtauth.filter;

/**
 * This node's authentication caches over JMX, under {@code io.jwtauth:type=JwtAuthFilter,name=<filter name>}.
 */
public interface JwtAuthMetricsMXBean {
    /** Sessions (live, revoked or unknown) cached on this node. */
    long getSessionCacheSize();

    /** Fraction of session look-ups answered without the store. */
    double getSessionCacheHitRate();

    /** Session look-ups that went to the store since start. */
    long getSessionStoreReads();

    /** Verified access tokens cached on this node. */
    long getTokenCacheSize();

    /** Milliseconds since the revocation feed was last read successfully. */
    long getFeedLagMillis();
}
