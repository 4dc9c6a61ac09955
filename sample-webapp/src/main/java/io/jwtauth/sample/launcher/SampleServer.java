package io.jwtauth.sample.launcher;

import io.jwtauth.jetty.ee11.BearerAuthenticator;
import java.util.Objects;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar sample-webapp.jar}: deploys the very {@code WEB-INF/web.xml} of the WAR, from the class
 * path, in an embedded Jetty 12 on {@code PORT} (default 8080). It listens on this machine only (127.0.0.1 and
 * ::1, so {@code http://localhost} works whichever address a browser picks) unless {@code HOST} names an address
 * ({@code HOST=0.0.0.0}: every interface). Stops cleanly on SIGTERM; exits with status 1 when the application
 * cannot start (for example a bad setting).
 */
public final class SampleServer {
    private static final Logger LOG = LoggerFactory.getLogger(SampleServer.class);

    private SampleServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = port(System.getenv("PORT"));
        Server server = new Server();
        // Jetty's per-connection header cache matches values case-insensitively, so a token differing from an
        // earlier one on the connection only in letter case reached the filter as that one; looking each
        // Authorization line up in it also cost a bearer request about 4 µs (benchmarks README, section 2).
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheSize(0);
        String host = System.getenv("HOST");
        boolean loopbackOnly = host == null || host.isBlank();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(loopbackOnly ? "127.0.0.1" : host.strip());
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        Resource base = ResourceFactory.of(server).newClassLoaderResource("webapp");
        webapp.setBaseResource(Objects.requireNonNull(base, "webapp/ missing from the class path"));
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        // The web.xml's security constraints, authenticated with jwtauth's tokens through Jetty's own SPI
        // (jwt-jetty-ee11), with jwtauth's error page for the container's own 401 and 403.
        BearerAuthenticator.install(webapp);
        server.setHandler(webapp);
        server.setStopAtShutdown(true);
        server.setStopTimeout(5000);
        try {
            server.start();
        } catch (Exception e) {
            LOG.error("jwtauth sample: could not start: {}", rootMessage(e));
            server.stop();
            System.exit(1);
        }
        if (loopbackOnly) {
            listenOnIpv6Loopback(server, http, connector.getLocalPort());
        }
        LOG.info("jwtauth sample: listening on http://localhost:{}/ (try: curl http://localhost:{}/api/public/ping)",
                connector.getLocalPort(), connector.getLocalPort());
        server.join();
    }

    /** The same port on ::1, so that a browser resolving localhost to ::1 first reaches the sample too. */
    private static void listenOnIpv6Loopback(Server server, HttpConfiguration http, int port) {
        ServerConnector ipv6 = new ServerConnector(server, new HttpConnectionFactory(http));
        ipv6.setHost("::1");
        ipv6.setPort(port);
        server.addConnector(ipv6);
        try {
            ipv6.start();
        } catch (Exception e) {
            server.removeConnector(ipv6);
            LOG.info("jwtauth sample: not listening on [::1]:{} ({}); 127.0.0.1 only", port, rootMessage(e));
        }
    }

    private static int port(String value) {
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            System.err.println("PORT must be a number from 0 to 65535, was '" + value + "'");
            System.exit(2);
            return -1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = e.getMessage() != null && e.getMessage().contains("jwtauth") ? e.getMessage() : cause.getMessage();
        return message == null ? cause.getClass().getName() : message;
    }
}
