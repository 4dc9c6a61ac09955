package io.jwtauth.sample;

import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.metrics.JwtAuthMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: jwtauth's meters in Prometheus text format, for loopback clients only unless
 * {@code JWTAUTH_METRICS_REMOTE=true} (behind a reverse proxy on the same host every client looks local:
 * keep the proxy from forwarding {@code /metrics}). The meters are bound once, to the running filter's flow.
 */
public final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private transient AuthService bound;
    private boolean remoteAllowed;

    @Override
    public void init() {
        remoteAllowed = Boolean.parseBoolean(System.getenv("JWTAUTH_METRICS_REMOTE"));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!remoteAllowed && !isLoopback(request.getRemoteAddr())) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            ApiServlets.json(response, "{\"error\":\"forbidden\",\"message\":\"Metrics are served to loopback clients only.\"}");
            return;
        }
        if (!bindOnce()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            ApiServlets.json(response, "{\"error\":\"unavailable\",\"message\":\"jwtauth is not running.\"}");
            return;
        }
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** Binds the meters to the filter's flow the first time it is running (the filter may start after this servlet). */
    private synchronized boolean bindOnce() {
        if (bound == null && getServletContext().getAttribute(AuthService.class.getName()) instanceof AuthService auth) {
            new JwtAuthMetrics(auth).bindTo(registry);
            bound = auth;
        }
        return bound != null;
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        // An IP literal from the container: no name lookup happens for it.
        if (!Character.isDigit(address.charAt(0)) && address.charAt(0) != '[' && address.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void destroy() {
        registry.close();
    }
}
