package io.jwtauth.benchmarks;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.filter.JwtAuthFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server side of the HTTP load benchmark: one small servlet under embedded Jetty 12 on a free loopback
 * port, with ({@code on}) or without ({@code off}) the jwtauth filter in front, or ({@code wrap}) with a
 * pass-through filter that only wraps the request: the container's own cost of any filter. Prints
 * {@code READY <port> <token>} and serves until killed. Run by {@code benchmarks/http-load.sh}.
 */
public final class HttpBenchServer {
    private static final String SECRET = "http-benchmark-secret-0123456789abcdef";

    private HttpBenchServer() {
    }

    /** The application: answers with the caller's name, as legacy code would. */
    public static final class HelloServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            String user = request.getRemoteUser();
            response.getWriter().write("{\"hello\":\"" + (user == null ? "anonymous" : user) + "\"}");
        }
    }

    /** Does nothing but wrap the request, as any filter that adds a principal must. */
    public static final class PassThroughFilter implements jakarta.servlet.Filter {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response, jakarta.servlet.FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            chain.doFilter(new jakarta.servlet.http.HttpServletRequestWrapper((HttpServletRequest) request), response);
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "off";
        boolean withFilter = "on".equals(mode);
        Map<String, String> settings = Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "http-bench",
                "jwtauth.paths.protected", "/hello");
        InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore(1000)
                .addUser("1", "bench", "Bench", "bench-password".toCharArray(), Set.of("Registered Users")));
        // The same token is sent in both modes, so requests are byte-for-byte identical.
        String token;
        try (AuthService issuer = JwtAuth.builder().settings(settings).provider(new InMemoryStores(stores.identityStore(), stores.sessionStore())).pollManually(new ManualPolling()).build()) {
            token = issuer.login("bench", "bench-password".toCharArray(), ClientInfo.local()).accessToken();
        }

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (withFilter) {
            context.addFilter(new FilterHolder(JwtAuthFilter.builder().settings(settings).provider(stores).build()), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
        } else if ("wrap".equals(mode)) {
            context.addFilter(new FilterHolder(new PassThroughFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new HelloServlet()), "/hello");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY " + connector.getLocalPort() + " " + token);
        System.out.flush();
        server.join();
    }
}
