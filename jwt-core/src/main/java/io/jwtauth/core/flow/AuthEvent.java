package io.jwtauth.core.flow;

import java.time.Instant;

/**
 * Something an auditor wants to know. Carries no token, password or hash.
 *
 * @param type          what happened
 * @param time          when
 * @param username      the user name given at login, or {@code null}
 * @param userId        the user, when known
 * @param sessionId     the session, when known
 * @param clientAddress the client, when known
 * @param reason        for refusals: the error code
 */
public record AuthEvent(Type type, Instant time, String username, String userId, String sessionId,
                        String clientAddress, String reason) {
    /** The kinds of event. */
    public enum Type {
        LOGIN_SUCCEEDED, LOGIN_FAILED, LOGIN_THROTTLED, RENEWED, RENEWAL_REFUSED, REPLAY_DETECTED,
        LOGGED_OUT, LOGGED_OUT_ALL, LOGOUT_REFUSED,
        /** Every session of a user ended by the application or an operator (a password set, an account disabled). */
        SESSIONS_ENDED,
        /** An identity provider logged out one of its sessions (or a subject) through the back-channel. */
        PROVIDER_LOGOUT
    }
}
