package io.jwtauth.core.spi;

/**
 * Core's way to end every session of a user, handed to a provider ({@link StoreProvider#attach}) whose own
 * operations change a user so that their sessions must end (a password set, an account disabled). The provider
 * stores; core decides: ending goes through core, so it is audited, reaches every node through the change feed,
 * and this node's cache drops the sessions at once. Thread-safe.
 */
@FunctionalInterface
public interface SessionControl {
    /** Ends every live session of {@code userId}; {@code reason} is for the log. Returns how many ended. */
    int endSessions(String userId, String reason);
}
