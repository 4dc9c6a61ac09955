package io.jwtauth.filter;

import io.jwtauth.core.flow.Admission;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server authentication module (Servlet Container Profile): validates the request's bearer token with
 * the web application's running jwtauth flow and hands the caller and its roles to the container through the
 * standard callbacks. The container then decides constraints, {@code isUserInRole} and
 * {@code @RolesAllowed}. Stateless: nothing is kept in an HTTP session, every request is validated (repeated
 * tokens hit the verified-token cache). Also its own {@link ServerAuthContext}, since it is the only module.
 */
final class BearerAuthModule implements ServerAuthModule, ServerAuthContext {
    /** The profile's key for "the resource is constrained" (Servlet Container Profile, 3.8.1.1). */
    static final String IS_MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthModule.class);
    private static final Class<?>[] SUPPORTED = {HttpServletRequest.class, HttpServletResponse.class};

    /** How the container hosting the module deviates from the profile, if it does. */
    enum Host {
        /** The profile as written (Tomcat, Jetty's ee9): {@link #IS_MANDATORY} on every constrained request; the module writes refusals. */
        PROFILE,
        /**
         * Jetty 12 from ee10 on: it asks the module about constrained resources only and never sets
         * {@link #IS_MANDATORY}, and a response written through the Servlet API here is never completed (its own
         * modules write through Jetty's core API). So a request without the key is constrained, and a refusal
         * is left with the request for the error page, answering {@code FAILURE} (Jetty's bare 403, which the
         * {@code <error-page>} turns into the refusal itself).
         */
        JETTY_CORE
    }

    private final Host host;
    private CallbackHandler handler;

    /** Whether WildFly would turn a caller into a 500 ({@link WildFlyDomains}); one per registration. */
    private final WildFlyDomains.Check wildFly;

    BearerAuthModule(Host host) {
        this(host, new WildFlyDomains.Check());
    }

    BearerAuthModule(Host host, WildFlyDomains.Check wildFly) {
        this.wildFly = wildFly;
        this.host = host;
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler callbackHandler,
                           @SuppressWarnings("rawtypes") Map options) {
        this.handler = callbackHandler;
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return SUPPORTED.clone();
    }

    @Override
    public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) throws AuthException {
        HttpServletRequest request = (HttpServletRequest) message.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) message.getResponseMessage();
        ContainerAuthentication running = ContainerAuthentication.of(request.getServletContext());
        Object flag = message.getMap().get(IS_MANDATORY);
        boolean mandatory = flag == null ? host == Host.JETTY_CORE : Boolean.parseBoolean(String.valueOf(flag));
        try {
            if (running == null) {
                // The filter is not running (it failed at init, or was removed): nobody can be authenticated.
                return mandatory ? unavailable(response) : anonymous(client);
            }
            if (wildFly.integrates(request.getServletContext())) {
                // A caller handed to Elytron's integrated mode would be a 500, and WildFly lets an anonymous one through
                // a constraint: constrained resources are refused here, the rest stay anonymous (the filter still works).
                if (!mandatory) {
                    return anonymous(client);
                }
                if (response == null) {
                    return AuthStatus.SEND_FAILURE;
                }
                running.sendContainerStatus(response, 403);
                return complete(response);
            }
            ContainerAuthentication.Verdict verdict = running.validate(request, response, mandatory);
            switch (verdict.kind()) {
                case REFUSED -> {
                    Admission refusal = verdict.refusal();
                    if (host == Host.JETTY_CORE) {
                        running.deferRefusal(request, refusal);
                        return AuthStatus.FAILURE;
                    }
                    if (response == null) {
                        return AuthStatus.SEND_FAILURE; // a lazy authentication with nowhere to write: just "no caller"
                    }
                    running.sendRefusal(response, refusal);
                    return complete(response);
                }
                case ANSWERED -> {
                    // The application's login wrote the response: its login page, the redirect after it, a challenge.
                    return AuthStatus.SEND_CONTINUE;
                }
                case ANONYMOUS -> {
                    return anonymous(client);
                }
                default -> {
                    handle(new CallerPrincipalCallback(client, verdict.caller()),
                            new GroupPrincipalCallback(client, verdict.roles().toArray(String[]::new)));
                    return AuthStatus.SUCCESS;
                }
            }
        } catch (IOException | RuntimeException failure) {
            // No exception of jwtauth's reaches the container: its error page could show a stack trace.
            if (response == null || host == Host.JETTY_CORE) {
                LOG.error("jwtauth: unexpected failure in the authentication module", failure);
                return host == Host.JETTY_CORE ? AuthStatus.FAILURE : AuthStatus.SEND_FAILURE;
            }
            try {
                String where = "authentication module, " + request.getMethod();
                if (running != null) {
                    running.sendServerError(response, failure, where);
                } else {
                    ContainerAuthentication.sendServerErrorNotRunning(response, failure, where);
                }
            } catch (IOException | RuntimeException ignored) {
                // the client went away; the failure is logged above
            }
            return AuthStatus.SEND_FAILURE;
        }
    }

    /** An unconstrained resource without a usable token: the caller stays anonymous (the profile's null principal). */
    private AuthStatus anonymous(Subject client) throws AuthException {
        handle(new CallerPrincipalCallback(client, (Principal) null));
        return AuthStatus.SUCCESS;
    }

    private AuthStatus unavailable(HttpServletResponse response) throws IOException {
        if (host == Host.JETTY_CORE) {
            return AuthStatus.FAILURE; // the container's bare 403: nobody gets in
        }
        if (response == null) {
            return AuthStatus.SEND_FAILURE;
        }
        ContainerAuthentication.sendNotRunning(response);
        return complete(response);
    }

    /** Ends the refusal's response here: the container must not add to it. */
    private static AuthStatus complete(HttpServletResponse response) throws IOException {
        response.flushBuffer();
        return AuthStatus.SEND_FAILURE;
    }

    private void handle(Callback... callbacks) throws AuthException {
        try {
            handler.handle(callbacks);
        } catch (IOException | UnsupportedCallbackException e) {
            AuthException failure = new AuthException("the container refused jwtauth's callbacks: " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    @Override
    public AuthStatus secureResponse(MessageInfo message, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo message, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().clear();
        }
        // request.logout(): the application's FORM login forgets the session's user.
        if (message != null && message.getRequestMessage() instanceof HttpServletRequest request) {
            ContainerAuthentication running = ContainerAuthentication.of(request.getServletContext());
            if (running != null) {
                running.logout(request);
            }
        }
    }
}
