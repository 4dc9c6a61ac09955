package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events: one line each on the SLF4J logger {@code io.jwtauth.audit}, and the same event to every
 * {@link AuthEventListener}. Values a client chose (the user name, a forwarded address) are made safe first:
 * control and bidirectional-override characters become {@code \\uXXXX}, so a name cannot forge a log line,
 * and each value is cut at {@link #MAX_VALUE_LENGTH} characters. A failing listener is logged and skipped.
 * Thread-safe.
 */
final class AuditEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AuditEvents.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("io.jwtauth.audit");
    static final int MAX_VALUE_LENGTH = 64;

    private final Clock clock;
    private final List<AuthEventListener> listeners;
    private final AuthCounters counters;

    AuditEvents(Clock clock, List<AuthEventListener> listeners, AuthCounters counters) {
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.counters = counters;
    }

    void emit(AuthEvent.Type type, String username, String userId, String sessionId, ClientInfo client, AuthError reason) {
        counters.event(type);
        AuthEvent event = new AuthEvent(type, clock.instant(), clean(username), clean(userId), sessionId,
                client == null ? null : clean(client.address()), reason == null ? null : reason.code());
        if (AUDIT.isInfoEnabled()) {
            AUDIT.info("{} user={} userId={} sid={} client={}{}", type, event.username(), event.userId(), sessionId,
                    event.clientAddress(), reason == null ? "" : " reason=" + reason.code());
        }
        for (AuthEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("jwtauth: event listener {} failed: {}", listener.getClass().getName(), e.getClass().getName());
            }
        }
    }

    /** {@code value} with unsafe characters escaped, at most {@link #MAX_VALUE_LENGTH} characters (then "…"). */
    static String clean(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(MAX_VALUE_LENGTH + 1);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069') || c == '\\';
            if (out.length() + (unsafe ? 6 : 1) > MAX_VALUE_LENGTH) {
                return out.append('…').toString();
            }
            if (unsafe) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
