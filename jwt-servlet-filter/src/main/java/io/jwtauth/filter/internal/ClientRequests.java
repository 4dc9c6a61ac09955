package io.jwtauth.filter.internal;

import io.jwtauth.core.flow.ClientInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;

/**
 * Facts about the calling client, honouring {@code X-Forwarded-For}/{@code X-Forwarded-Proto} only when
 * the operator said a trusted proxy sets them. Immutable and thread-safe.
 */
public final class ClientRequests {
    private final boolean trustForwardedHeaders;

    public ClientRequests(boolean trustForwardedHeaders) {
        this.trustForwardedHeaders = trustForwardedHeaders;
    }

    /**
     * The client's address. Behind a trusted proxy, the last {@code X-Forwarded-For} entry: the one the proxy
     * itself appended (earlier entries are whatever the client claimed).
     */
    public String address(HttpServletRequest request) {
        if (trustForwardedHeaders) {
            String forwarded = request.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String last = forwarded.substring(forwarded.lastIndexOf(',') + 1).strip();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return request.getRemoteAddr();
    }

    public ClientInfo clientInfo(HttpServletRequest request) {
        return new ClientInfo(address(request), request.getHeader("User-Agent"));
    }

    /** Whether the request reached us over HTTPS (as the trusted proxy reports, if any). */
    public boolean isSecure(HttpServletRequest request) {
        if (trustForwardedHeaders) {
            String proto = request.getHeader("X-Forwarded-Proto");
            if (proto != null) {
                return "https".equals(proto.strip().toLowerCase(Locale.ROOT));
            }
        }
        return request.isSecure();
    }

    /** Whether the client is on this machine (127.0.0.0/8 or ::1), where plain HTTP is allowed. */
    public boolean isLoopback(HttpServletRequest request) {
        String address = address(request);
        return address != null && (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")
                || address.equals("[::1]"));
    }
}
