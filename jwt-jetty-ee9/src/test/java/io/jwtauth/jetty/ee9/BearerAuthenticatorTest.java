package io.jwtauth.jetty.ee9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.filter.ContainerAuthentication;
import io.jwtauth.filter.ContainerErrorServlet;
import io.jwtauth.filter.JwtAuthFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee9.nested.ServletConstraint;
import org.eclipse.jetty.ee9.security.ConstraintMapping;
import org.eclipse.jetty.ee9.security.ConstraintSecurityHandler;
import org.eclipse.jetty.ee9.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee9.servlet.FilterHolder;
import org.eclipse.jetty.ee9.servlet.ServletContextHandler;
import org.eclipse.jetty.ee9.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter in an embedded Jetty 12 ee9 context, with constraints as {@code web.xml} would declare them: Jetty asks
 * the adapter, the adapter asks the running filter, and Jetty enforces roles and answers the servlet security API.
 * (The ee8 jar made from this one runs in a standalone Jetty in container-tests' StandaloneJettyIT.)
 */
class BearerAuthenticatorTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Server server;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SECURITY);
        context.setContextPath("/");
        ConstraintSecurityHandler security = (ConstraintSecurityHandler) context.getSecurityHandler();
        security.setAuthenticator(new BearerAuthenticator());
        security.addConstraintMapping(constraint("/container/*", ServletConstraint.ANY_AUTH));
        security.addConstraintMapping(constraint("/container/admin/*", "Administrators"));
        context.setAttribute(ContainerAuthentication.HANDLED, BearerAuthenticator.class.getName());
        context.addServlet(ContainerErrorServlet.class, ContainerAuthentication.ERROR_PAGE);
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(403, ContainerAuthentication.ERROR_PAGE);
        context.setErrorHandler(errorPages);
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                .addUser("1", "demo", "Demo User", "demo-password-1".toCharArray(), Set.of("Registered Users"))
                .addUser("2", "admin", "Admin User", "admin-password-1".toCharArray(), Set.of("Administrators"));
        JwtAuthFilter filter = JwtAuthFilter.builder()
                .settings(Map.of("jwtauth.key.secret", "an-hmac-secret-for-the-ee9-adapter-test-0123456789",
                        "jwtauth.issuer", "ee9-test"))
                .provider(new InMemoryStores(users))
                .build();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new WhoAmI()), "/container/*");
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        server.setHandler(context.get());
        server.start();
        base = server.getURI();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void validateRequestWhenTokenOfAUserThenJettyHasTheCallerAndItsRoles() throws Exception {
        HttpResponse<String> me = get("container/me", login("demo", "demo-password-1"));
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("demo BEARER Administrators=false Registered Users=true", me.body());
        HttpResponse<String> admin = get("container/admin/x", login("admin", "admin-password-1"));
        assertEquals("admin BEARER Administrators=true Registered Users=false", admin.body());
    }

    @Test
    void validateRequestWhenNoTokenOrABadOneThenJwtauthsRefusal() throws Exception {
        HttpResponse<String> none = get("container/me", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.body().contains("\"error\":\"no-token\""), none.body());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), none.headers().map().toString());
        HttpResponse<String> bad = get("container/me", "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.");
        assertEquals(401, bad.statusCode());
        assertTrue(bad.body().contains("\"error\":\"bad-jwt\""), bad.body());
    }

    @Test
    void validateRequestWhenTheConstraintsRoleIsMissingThenJettysRefusalAsJwtauthsForbidden() throws Exception {
        HttpResponse<String> refused = get("container/admin/x", login("demo", "demo-password-1"));
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("\"error\":\"forbidden\""), refused.body());
    }

    private static ConstraintMapping constraint(String path, String role) {
        ServletConstraint constraint = new ServletConstraint();
        constraint.setAuthenticate(true);
        constraint.setRoles(new String[] {role});
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(path);
        mapping.setConstraint(constraint);
        return mapping;
    }

    private static String login(String user, String password) throws Exception {
        HttpResponse<String> reply = CLIENT.send(HttpRequest.newBuilder(base.resolve("auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        Matcher token = Pattern.compile("\"accessToken\":\"([^\"]+)\"").matcher(reply.body());
        assertTrue(token.find(), reply.body());
        return token.group(1);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the servlet security API says, as Jetty answers it. */
    private static final class WhoAmI extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().print(request.getRemoteUser() + " " + request.getAuthType() + " Administrators="
                    + request.isUserInRole("Administrators") + " Registered Users=" + request.isUserInRole("Registered Users"));
        }
    }
}
