package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.config.Settings;
import io.jwtauth.jdbc.JdbcStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/** A WAR-style application whose only jwtauth configuration is its {@code WEB-INF/web.xml}. */
class WebXmlDeploymentIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void webXmlWhenDeployedThenFullFlowWorks() throws Exception {
        // The host application's users table already has a user (here: jwtauth's own tables, seeded directly).
        try (JdbcStores seed = JdbcStores.create(Settings.of(Map.of("jwtauth.jdbc.url", "jdbc:h2:mem:webxml-it;DB_CLOSE_DELAY=-1",
                "jwtauth.jdbc.schema.create", "true")))) {
            seed.users().createUser("legacy", "Legacy User", "legacy-password-1".toCharArray(), Set.of("Administrators"));
        }
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/legacy");
        webapp.setWar(Path.of("src", "test", "webapp").toAbsolutePath().toString());
        webapp.setParentLoaderPriority(true);
        server.setHandler(webapp);
        server.start();
        try {
            String base = "http://127.0.0.1:" + connector.getLocalPort() + "/legacy";
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/auth/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"legacy\",\"p\":\"legacy-password-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = JSON.readTree(login.body()).get("accessToken").asText();
            HttpResponse<String> admin = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/report?role=Administrators"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, admin.statusCode(), admin.body());
            JsonNode seen = JSON.readTree(admin.body());
            assertEquals("legacy", seen.get("remoteUser").asText());
            assertTrue(seen.get("inRole").asBoolean());
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/admin/report")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/public/info")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            server.stop();
        }
    }
}
