package io.jwtauth.core.flow;

/**
 * Receives {@link AuthEvent}s synchronously on the request thread: keep it fast and never throw (an
 * exception is logged and otherwise ignored). Events also go to the SLF4J logger {@code io.jwtauth.audit}.
 */
@FunctionalInterface
public interface AuthEventListener {
    void onEvent(AuthEvent event);
}
