package io.jwtauth.sample.launcher;

import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.filter.ContainerAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.security.auth.Subject;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12's own {@link Authenticator} SPI over jwtauth's {@link ContainerAuthentication}: what the Jakarta
 * Authentication module does in Tomcat, for an embedded Jetty (whose JASPI module is not used here). Jetty
 * calls it for constrained resources only; it hands Jetty the caller and its roles, and Jetty enforces the
 * {@code web.xml} constraints, {@code isUserInRole} and {@code getRemoteUser}. Refusals are written as jwtauth
 * writes them; a missing role is Jetty's 403, which the {@code <error-page>} turns into jwtauth's JSON.
 */
final class JettyBearerAuthenticator implements Authenticator {
    static final String TYPE = "BEARER";

    @Override
    public void setConfiguration(Configuration configuration) {
        // nothing to configure: the web application's filter holds the settings
    }

    @Override
    public String getAuthenticationType() {
        return TYPE;
    }

    @Override
    public AuthenticationState validateRequest(Request request, Response response, Callback callback) {
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        HttpServletRequest http = servletRequest.getServletApiRequest();
        ContainerAuthentication running = ContainerAuthentication.of(http.getServletContext());
        if (running == null) {
            // The filter is not running (it failed at start-up): nobody can be authenticated.
            return refuse(response, callback, ContainerAuthentication.notRunning());
        }
        Admission verdict = running.authenticate(http, true);
        if (verdict.isRefused()) {
            return refuse(response, callback, running.errorResponse(verdict));
        }
        AuthenticatedUser user = verdict.user();
        UserIdentity identity = UserIdentity.from(new Subject(), user, user.roles().toArray(String[]::new));
        return new LoginAuthenticator.UserAuthenticationSucceeded(TYPE, identity);
    }

    private static AuthenticationState refuse(Response response, Callback callback, ContainerAuthentication.ErrorResponse refusal) {
        response.setStatus(refusal.status());
        if (refusal.wwwAuthenticate() != null) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, refusal.wwwAuthenticate());
        }
        if (refusal.retryAfter() != null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, refusal.retryAfter());
        }
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
        response.write(true, ByteBuffer.wrap(refusal.jsonBody().getBytes(StandardCharsets.UTF_8)), callback);
        return AuthenticationState.SEND_FAILURE;
    }
}
