package io.jwtauth.core.spi;

import java.util.Objects;

/**
 * One entry of the change feed: session {@code sessionId} was renewed or revoked. Nodes drop their cached
 * state for it and read it again when next needed.
 *
 * @param key       assigned by the store when the change is recorded, unique and growing (a database
 *                  identity or sequence value). Keys may become visible out of order (a transaction that
 *                  took a lower key can commit after one that took a higher key) and may have permanent
 *                  holes (a rolled-back transaction); the feed allows for both.
 * @param sessionId the session that changed
 */
public record SessionChange(long key, String sessionId) {
    /**
     * The session id of a change that stands for every session: the store lost changes (a Redis that restarted
     * empty, say), so every node drops every cached session and reads the feed afresh from its newest key. Never a
     * session id (those are base64url).
     */
    public static final String EVERY_SESSION = "*";

    public SessionChange {
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
