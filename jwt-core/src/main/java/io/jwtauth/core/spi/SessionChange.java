package io.jwtauth.core.spi;

import java.time.Instant;

/**
 * One entry of the change feed: session {@code sessionId} was renewed or revoked at {@code changedAt}.
 * Nodes drop their cached state for it and read it again when next needed.
 *
 * @param changeId  unique, increasing per store (gaps allowed); lets a node skip entries it already saw
 * @param sessionId the session that changed
 * @param changedAt when, by the writing node's clock
 */
public record SessionChange(long changeId, String sessionId, Instant changedAt) {
}
