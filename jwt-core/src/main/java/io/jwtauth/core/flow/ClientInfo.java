package io.jwtauth.core.flow;

/**
 * Who is calling, for audit records and throttling.
 *
 * @param address   the client's address as the server sees it (after trusted proxy handling)
 * @param userAgent the {@code User-Agent} header, truncated
 */
public record ClientInfo(String address, String userAgent) {
    private static final int MAX_USER_AGENT = 256;

    public ClientInfo {
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
    }

    /** For calls made in code rather than over HTTP. */
    public static ClientInfo local() {
        return new ClientInfo("local", null);
    }
}
