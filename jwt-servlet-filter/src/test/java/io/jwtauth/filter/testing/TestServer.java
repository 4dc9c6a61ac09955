package io.jwtauth.filter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.filter.JwtAuthFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (ee11) on a free loopback port, with the filter on {@code /*} of context {@code /app}
 * and {@link EchoServlet} behind it. Every response body is recorded so tests can check that none leaks
 * a stack trace, a password or a token.
 */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;
    private final String host;
    private final JwtAuthFilter filter;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    /** A response as a test sees it. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String error() {
            return json().path("error").asText(null);
        }
    }

    public TestServer(JwtAuthFilter filter) throws Exception {
        this(filter, true);
    }

    /**
     * @param caseSensitiveHeaderCache Jetty's per-connection header cache matches values case-insensitively by
     *                                 default, so a header differing from an earlier one only in letter case reaches
     *                                 the application as the earlier value; tests that mutate tokens need it off
     */
    public TestServer(JwtAuthFilter filter, boolean caseSensitiveHeaderCache) throws Exception {
        this(filter, caseSensitiveHeaderCache, "127.0.0.1");
    }

    /** @param host the loopback literal to listen on: {@code 127.0.0.1} or {@code ::1} */
    public TestServer(JwtAuthFilter filter, boolean caseSensitiveHeaderCache, String host) throws Exception {
        this.filter = filter;
        this.host = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        this.server = new Server();
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setHeaderCacheCaseSensitive(caseSensitiveHeaderCache);
        // Room for the fuzzers' 20 000-character headers, so that our own token-length limit answers them. Jetty's
        // default (8 KiB) refuses them with 431 before reading the whole header, and the JDK client has then read
        // the unread rest of it as the next response's status line ("Invalid status line: AAAA…"): a flaky test
        // of the container, not of jwtauth.
        http.setRequestHeaderSize(64 * 1024);
        this.connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        server.setHandler(context);
        server.start();
    }

    public JwtAuthFilter filter() {
        return filter;
    }

    public URI uri(String path) {
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/app" + path);
    }

    public Response send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response;
            try {
                response = client.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // The JDK client reuses a pooled connection that Jetty has just closed (after a response to a body it
                // did not read, say) and, for a POST, does not retry itself: nothing reached the server, so send again.
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                response = client.send(built, HttpResponse.BodyHandlers.ofString());
            }
            bodies.add(response.body());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public Response get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    public Response post(String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    public Response login(String username, String password) {
        return post("/auth/login", null, "{\"u\":\"" + username + "\",\"p\":\"" + password + "\"}");
    }

    /** Every response body this server sent so far. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /**
     * Stops Jetty, then checks that no response this server sent carried a stack trace, a fixture password or
     * the fixture secret, whichever test used it.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty failed", e);
        }
        for (String body : bodies()) {
            for (String forbidden : List.of("Exception", "\tat ", "at io.jwtauth", "demo-password-1", "admin-password-1", Fixtures.SECRET)) {
                if (body.contains(forbidden)) {
                    throw new AssertionError("a response leaked '" + forbidden + "': " + body);
                }
            }
        }
    }
}
