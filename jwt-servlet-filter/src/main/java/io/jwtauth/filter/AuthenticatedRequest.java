package io.jwtauth.filter;

import io.jwtauth.core.flow.AuthenticatedUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/**
 * The request as downstream code sees it after a valid bearer token: {@code getUserPrincipal()} is the
 * {@link AuthenticatedUser} (with the token's claims), {@code getRemoteUser()} its name,
 * {@code isUserInRole()} checks its roles and {@code getAuthType()} is {@code "BEARER"}. A snapshot: the
 * values are fixed when the request is wrapped. Survives {@code RequestDispatcher} forwards and includes,
 * which wrap this request rather than replace it.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
    /** The auth type reported for bearer-token requests. */
    public static final String AUTH_TYPE = "BEARER";
    /**
     * The request attribute that names the external identity provider behind the user ({@code <name>} of
     * {@code jwtauth.external.<name>.*}); absent for jwtauth's own users.
     */
    public static final String IDENTITY_PROVIDER_ATTRIBUTE = "io.jwtauth.identity-provider";

    private final AuthenticatedUser user;

    public AuthenticatedRequest(HttpServletRequest request, AuthenticatedUser user) {
        super(request);
        this.user = user;
    }

    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    @Override
    public String getRemoteUser() {
        return user.getName();
    }

    /** Servlet semantics: {@code "**"} means any authenticated user; otherwise the token must carry the role. */
    @Override
    public boolean isUserInRole(String role) {
        return role != null && ("**".equals(role) || user.hasRole(role));
    }

    @Override
    public Object getAttribute(String name) {
        return IDENTITY_PROVIDER_ATTRIBUTE.equals(name) ? user.identityProvider() : super.getAttribute(name);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }

    public AuthenticatedUser user() {
        return user;
    }
}
