package io.jwtauth.sample;

import io.jwtauth.core.flow.AuthMetrics;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthenticatedUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.TreeSet;

/** The sample's routes: plain servlets that know nothing about tokens, only the servlet security API. */
public final class ApiServlets {
    private ApiServlets() {
    }

    static void json(HttpServletResponse response, String body) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write(body);
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** {@code GET /api/public/ping}: no token needed. */
    public static final class Ping extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            json(response, "{\"pong\":true}");
        }
    }

    /**
     * {@code GET /api/public/sign-in}: the identity providers the page can offer ({@code {"providers":["idp"]}}), from the
     * running filter's flow; none while it is not running.
     */
    public static final class SignInOptions extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AuthService auth = (AuthService) getServletContext().getAttribute(AuthService.class.getName());
            StringBuilder providers = new StringBuilder();
            for (String provider : auth == null ? java.util.Set.<String>of() : new java.util.TreeSet<>(auth.signInProviders())) {
                providers.append(providers.length() == 0 ? "" : ",").append(quote(provider));
            }
            json(response, "{\"providers\":[" + providers + "]}");
        }
    }

    /** {@code GET /health}. */
    public static final class Health extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            json(response, "{\"status\":\"UP\"}");
        }
    }

    /** {@code GET /api/me}: who the servlet API says is calling. */
    public static final class Me extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Principal principal = request.getUserPrincipal();
            StringBuilder roles = new StringBuilder("[");
            String sid = null;
            if (principal instanceof AuthenticatedUser user) {
                for (String role : new TreeSet<>(user.roles())) {
                    if (request.isUserInRole(role)) {
                        roles.append(roles.length() > 1 ? "," : "").append(quote(role));
                    }
                }
                sid = user.sessionId();
            }
            // Which identity provider vouched for the user (null for the sample's own users): names alone never tell.
            Object provider = request.getAttribute("io.jwtauth.identity-provider");
            json(response, "{\"name\":" + quote(request.getRemoteUser()) + ",\"roles\":" + roles.append(']')
                    + ",\"sid\":" + quote(sid) + ",\"provider\":" + quote(provider == null ? null : provider.toString()) + "}");
        }
    }

    /**
     * {@code GET /api/clicks} and {@code POST /api/clicks}: a counter per user, in memory. The page's one unsafe call,
     * to show that a state change by cookie needs the CSRF header (jwtauth checks it before this servlet runs).
     */
    public static final class Clicks extends HttpServlet {
        private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> counts =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            java.util.concurrent.atomic.AtomicLong count = counts.get(request.getRemoteUser());
            json(response, "{\"clicks\":" + (count == null ? 0 : count.get()) + "}");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (counts.size() > 10_000 && !counts.containsKey(request.getRemoteUser())) {
                response.sendError(503);
                return;
            }
            long count = counts.computeIfAbsent(request.getRemoteUser(), name -> new java.util.concurrent.atomic.AtomicLong())
                    .incrementAndGet();
            json(response, "{\"clicks\":" + count + "}");
        }
    }

    /** {@code GET /api/admin/stats}: only for Administrators (a path rule in web.xml). */
    public static final class AdminStats extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AuthService auth = (AuthService) getServletContext().getAttribute(AuthService.class.getName());
            AuthMetrics metrics = auth.metrics();
            json(response, "{\"admin\":" + quote(request.getRemoteUser())
                    + ",\"cachedSessions\":" + metrics.sessionCacheSize()
                    + ",\"cachedTokens\":" + metrics.tokenCacheSize()
                    + ",\"sessionCacheHitRate\":" + metrics.sessionCacheHitRate()
                    + ",\"feedLagMillis\":" + metrics.feedLag().toMillis() + "}");
        }
    }

    /**
     * {@code GET /api/container/me}: under a {@code <security-constraint>} (role {@code Registered Users}) that the
     * container enforces through jwtauth's authentication module; the servlet only asks the servlet API.
     */
    public static final class ContainerMe extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            json(response, "{\"name\":" + quote(request.getRemoteUser()) + ",\"admin\":" + request.isUserInRole("Administrators") + "}");
        }
    }

    /** {@code GET /api/container/admin}: the container lets only {@code Administrators} in. */
    public static final class ContainerAdmin extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            json(response, "{\"admin\":" + quote(request.getRemoteUser()) + "}");
        }
    }
}
