package io.jwtauth.filter.testing;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * What legacy downstream code sees: the servlet security API's answers as JSON. {@code ?forward=/x} and
 * {@code ?include=/x} go through a {@link RequestDispatcher} first.
 */
public final class EchoServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        boolean dispatched = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null
                || request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null;
        String forward = dispatched ? null : request.getParameter("forward");
        if (forward != null) {
            request.getRequestDispatcher(forward).forward(request, response);
            return;
        }
        String include = dispatched ? null : request.getParameter("include");
        if (include != null) {
            response.setContentType("application/json");
            request.getRequestDispatcher(include).include(request, response);
            return;
        }
        Principal principal = request.getUserPrincipal();
        String role = request.getParameter("role");
        String sid = principal instanceof io.jwtauth.core.flow.AuthenticatedUser user ? user.sessionId() : null;
        response.setContentType("application/json");
        response.getWriter().write("{\"principal\":" + quote(principal == null ? null : principal.getName())
                + ",\"remoteUser\":" + quote(request.getRemoteUser())
                + ",\"authType\":" + quote(request.getAuthType())
                + ",\"inRole\":" + (role != null && request.isUserInRole(role))
                + ",\"sid\":" + quote(sid)
                + ",\"path\":" + quote(dispatchedPath(request)) + "}");
    }

    /** The path this servlet was invoked for (for an include, the included one). */
    private static String dispatchedPath(HttpServletRequest request) {
        Object included = request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
        if (included != null) {
            Object info = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
            return included + (info == null ? "" : info.toString());
        }
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
