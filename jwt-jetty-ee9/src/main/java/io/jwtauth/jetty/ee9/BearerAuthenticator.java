package io.jwtauth.jetty.ee9;

import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.filter.ContainerAuthentication;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import javax.security.auth.Subject;
import org.eclipse.jetty.ee9.nested.Authentication;
import org.eclipse.jetty.ee9.security.Authenticator;
import org.eclipse.jetty.ee9.security.ServerAuthException;
import org.eclipse.jetty.ee9.security.UserAuthentication;
import org.eclipse.jetty.security.UserIdentity;

/**
 * Jetty 12's own {@code Authenticator} SPI of its ee9 environment over {@link ContainerAuthentication}, and, as
 * {@code jwt-jetty-ee8} (where the Eclipse Transformer renames {@code ee9} to {@code ee8}), of its ee8 environment,
 * which has no JASPI. Jetty calls it for constrained resources; it hands Jetty the caller and its roles, and Jetty
 * enforces the {@code web.xml} constraints, {@code isUserInRole} and {@code getRemoteUser}. Refusals are jwtauth's
 * JSON errors; a missing role is Jetty's 403, which the {@code <error-page>} turns into jwtauth's. Installed from
 * {@code WEB-INF/jetty-ee8-web.xml} (see the README); loaded only by Jetty, so its Jetty types never matter elsewhere.
 */
public final class BearerAuthenticator implements Authenticator {
    static final String TYPE = "BEARER";

    @Override
    public void setConfiguration(AuthConfiguration configuration) {
        // nothing to configure: the web application's filter holds the settings
    }

    @Override
    public String getAuthMethod() {
        return TYPE;
    }

    @Override
    public void prepareRequest(ServletRequest request) {
        // nothing to prepare
    }

    @Override
    public Authentication validateRequest(ServletRequest servletRequest, ServletResponse servletResponse, boolean mandatory)
            throws ServerAuthException {
        if (!mandatory) {
            return Authentication.NOT_CHECKED; // unconstrained: the filter's own rules decide
        }
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        ContainerAuthentication running = ContainerAuthentication.of(request.getServletContext());
        try {
            if (running == null) {
                // The filter is not running (it failed at start-up): nobody can be authenticated.
                ContainerAuthentication.sendNotRunning(response);
                return Authentication.SEND_FAILURE;
            }
            Admission verdict = running.authenticate(request, true);
            if (verdict.isRefused()) {
                running.sendRefusal(response, verdict);
                return Authentication.SEND_FAILURE;
            }
            AuthenticatedUser user = verdict.user();
            UserIdentity identity = UserIdentity.from(new Subject(), user, user.roles().toArray(String[]::new));
            return new UserAuthentication(TYPE, identity);
        } catch (IOException e) {
            throw new ServerAuthException(e);
        }
    }

    @Override
    public boolean secureResponse(ServletRequest request, ServletResponse response, boolean mandatory, Authentication.User validatedUser) {
        return true;
    }
}
