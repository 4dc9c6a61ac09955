package io.jwtauth.core;

/**
 * Every reason a request can be refused, from core to the HTTP response. The filter maps each constant
 * to a status, a {@code WWW-Authenticate} header and a JSON body in one exhaustive switch; nothing ever
 * inspects exception messages.
 *
 * <p>{@link #code()} and {@link #description()} are what clients see. They are fixed per constant so that
 * no library message, token or user name can reach a client.
 */
public enum AuthError {
    /** Wrong user name or password, or a disabled or locked user: deliberately indistinguishable. */
    BAD_CREDENTIALS("bad-credentials", "The user name or password is not valid."),
    /** Missing, malformed, badly signed, expired or foreign access token. */
    BAD_JWT("bad-jwt", "The access token is not valid."),
    /** Session unknown, revoked or superseded; bad or replayed renewal token. */
    BAD_TOKEN("bad-token", "The token is not valid for any active session."),
    /** The session reached its renewal deadline: the user has to log in again. */
    NOT_MORE_RENEWAL("not-more-renewal", "The session can no longer be renewed; log in again."),
    /** No token on a path that needs one. */
    NO_TOKEN("no-token", "Authentication is required."),
    /** Authenticated, but without a role the path requires. */
    FORBIDDEN("forbidden", "The token does not grant access to this resource."),
    /** Malformed JSON or a missing field in a request body. */
    INVALID_REQUEST("invalid_request", "The request is malformed."),
    /** Request body over the configured limit. */
    TOO_LARGE("too-large", "The request body is too large."),
    /** An endpoint was called with a method it does not serve. */
    METHOD_NOT_ALLOWED("method-not-allowed", "The method is not allowed on this endpoint."),
    /** Too many failed logins, or too many logins at once. */
    THROTTLED("throttled", "Too many attempts; try again later."),
    /** The identity or session store cannot be reached, or revocation data is too stale to trust. */
    UNAVAILABLE("unavailable", "The service is temporarily unavailable."),
    /** Login or renewal over plain HTTP from a non-loopback address. */
    HTTPS_REQUIRED("https-required", "This endpoint requires HTTPS."),
    /**
     * A cookie-authenticated unsafe request without the session's CSRF token, or from another origin: it may have
     * been sent by another site's page in the user's browser.
     */
    CSRF("csrf", "The request did not come from this application's own page."),
    /**
     * A DPoP-bound token without a valid proof of its key (RFC 9449), presented with the {@code Bearer} scheme, or any
     * token where {@code jwtauth.dpop=required} asks for a bound one.
     */
    BAD_DPOP("bad-dpop", "The DPoP proof is missing or not valid."),
    /** Something failed inside jwtauth (a bug, or a store answering what it should not); the response carries an incident id. */
    SERVER_ERROR("server-error", "An unexpected error occurred.");

    private final String code;
    private final String description;

    AuthError(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The stable, machine-readable code sent as {@code "error"} in the JSON body. */
    public String code() {
        return code;
    }

    /** A fixed human-readable description, safe to send to any client. */
    public String description() {
        return description;
    }
}
