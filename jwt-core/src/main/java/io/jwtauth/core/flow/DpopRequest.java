package io.jwtauth.core.flow;

/**
 * The DPoP proof a request carries ({@code DPoP} header, RFC 9449) and what it must match: the request's method and its
 * URL as the client addressed it (scheme, host, port and path; query and fragment are ignored). {@code proof} may be
 * {@code null} (the header is missing) or empty (it was sent more than once). Immutable.
 */
public record DpopRequest(String proof, String method, String url) {
}
