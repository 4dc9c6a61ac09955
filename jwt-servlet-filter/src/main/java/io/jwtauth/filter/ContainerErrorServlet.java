package io.jwtauth.filter;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's own 401 and 403 (a constraint's role missing, say) as jwtauth's JSON errors with their
 * {@code WWW-Authenticate}, for the {@code <error-page>} entries that point at
 * {@link ContainerAuthentication#ERROR_PAGE}, or the refusal the authentication module left with the request
 * where the container answers a refusal with a bare status. Anything else it is shown keeps its status with no body.
 * Registered there by {@code jwtauth.container-auth=true} where the container runs initializers; elsewhere
 * (an embedded Jetty without annotation scanning) add it yourself.
 */
public final class ContainerErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404;
        ContainerAuthentication running = ContainerAuthentication.of(request.getServletContext());
        if (running != null && (status == 401 || status == 403)) {
            if (!running.sendDeferredRefusal(request, response)) {
                running.sendContainerStatus(response, status);
            }
        } else {
            response.setStatus(status);
        }
    }
}
