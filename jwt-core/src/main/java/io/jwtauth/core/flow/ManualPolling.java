package io.jwtauth.core.flow;

import java.util.Objects;

/**
 * For a host that drives the change feed itself (tests, a batch job, a host with its own scheduler): give one to
 * {@link JwtAuth.Builder#pollManually} and the service starts no background threads; {@link #poll()} then reads
 * the feed on the caller's thread. The staleness limit still applies, so a service nobody polls refuses
 * requests once {@code jwtauth.revocation.max-staleness} has passed. Bound to one service; thread-safe.
 */
public final class ManualPolling {
    private volatile ChangeFeed feed;

    /** A handle not bound yet; {@link JwtAuth.Builder#build()} binds it. */
    public ManualPolling() {
    }

    /** Reads every change not seen yet and drops the affected sessions from this node's cache. */
    public void poll() {
        ChangeFeed bound = feed;
        if (bound == null) {
            throw new IllegalStateException("not bound to a service yet: pass it to JwtAuth.Builder.pollManually and build");
        }
        bound.poll();
    }

    void bind(ChangeFeed changeFeed) {
        Objects.requireNonNull(changeFeed, "changeFeed");
        if (feed != null) {
            throw new IllegalStateException("already bound to another service");
        }
        feed = changeFeed;
    }
}
