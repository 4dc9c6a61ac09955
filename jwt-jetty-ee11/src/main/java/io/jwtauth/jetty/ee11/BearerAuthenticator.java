package io.jwtauth.jetty.ee11;

import io.jwtauth.core.flow.Admission;
import io.jwtauth.core.flow.AuthenticatedUser;
import io.jwtauth.filter.ContainerAuthentication;
import io.jwtauth.filter.ContainerErrorServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.security.auth.Subject;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.LoginAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12's own {@link Authenticator} SPI over jwtauth's {@link ContainerAuthentication}, for an embedded Jetty
 * (ee11): what the Jakarta Authentication module does in Tomcat. Jetty calls it for constrained resources only; it
 * asks the web application's running jwtauth filter (the one per-request decision), hands Jetty the caller and its
 * roles, and Jetty enforces the {@code web.xml} constraints, {@code isUserInRole} and {@code getRemoteUser}.
 * Refusals are written as jwtauth writes them; a missing role is Jetty's 403, which jwtauth's error page turns into
 * its JSON. Set it up with {@link #install}. Stateless and thread-safe.
 */
public final class BearerAuthenticator implements Authenticator {
    /** The authentication type Jetty reports ({@code getAuthType()}). */
    public static final String TYPE = "BEARER";

    /**
     * Makes {@code context}'s security handler authenticate with jwtauth: sets this authenticator, tells the filter
     * that container-enforced security is in charge ({@link ContainerAuthentication#HANDLED}), and maps jwtauth's
     * error page ({@link ContainerAuthentication#ERROR_PAGE}), which Jetty without annotation scanning would not.
     * Call it before the context starts; the context's {@code web.xml} (or code) adds the jwtauth filter as usual.
     */
    public static void install(ServletContextHandler context) {
        SecurityHandler security = context.getSecurityHandler();
        if (security == null) {
            throw new IllegalStateException("the context has no security handler: create it with ServletContextHandler.SECURITY "
                    + "(a WebAppContext has one)");
        }
        security.setAuthenticator(new BearerAuthenticator());
        context.setAttribute(ContainerAuthentication.HANDLED, BearerAuthenticator.class.getName());
        context.addServlet(ContainerErrorServlet.class, ContainerAuthentication.ERROR_PAGE);
    }

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
            ContainerAuthentication.PageAnswer signIn = running.signInAnswer(http, verdict);
            return signIn != null ? answerPage(response, callback, signIn) : refuse(response, callback, running.errorResponse(verdict));
        }
        AuthenticatedUser user = verdict.user();
        UserIdentity identity = UserIdentity.from(new Subject(), user, user.roles().toArray(String[]::new));
        return new LoginAuthenticator.UserAuthenticationSucceeded(TYPE, identity);
    }

    /** {@code jwtauth.browser-login}: the page request goes to the provider's sign-in (or on from a page of this origin). */
    private static AuthenticationState answerPage(Response response, Callback callback, ContainerAuthentication.PageAnswer answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (answer.location() != null) {
            response.getHeaders().put(HttpHeader.LOCATION, answer.location());
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'");
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=UTF-8");
            response.write(true, ByteBuffer.wrap(answer.html().getBytes(StandardCharsets.UTF_8)), callback);
        }
        return AuthenticationState.SEND_FAILURE;
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
