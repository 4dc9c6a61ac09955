package io.jwtauth.core.spi;

import java.time.Instant;

/**
 * One entry of the change feed: session {@code sessionId} was renewed or revoked at {@code changedAt}.
 * Nodes drop their cached state for it and read it again when next needed.
 *
 * @param changeKey unique per change of this session (for example {@code sid:generation:state}); lets a
 *                  node skip entries it already applied when polling windows overlap
 * @param sessionId the session that changed
 * @param changedAt when, by the writing node's clock
 */
public record SessionChange(String changeKey, String sessionId, Instant changedAt) {
    /** The key for a session's current state: changes whenever it is renewed or revoked. */
    public static SessionChange of(String sessionId, long generation, boolean revoked, Instant changedAt) {
        return new SessionChange(sessionId + ':' + generation + (revoked ? ":revoked" : ":live"), sessionId, changedAt);
    }
}
