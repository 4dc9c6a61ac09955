package io.jwtauth.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Keycloak (the registry's {@code keycloak-quarkus-dist}), started in dev mode on the machine's newest JDK
 * (Temurin 25; Keycloak 26 needs 21 or later), listening on loopback, with an admin account; its admin REST API sets up
 * realms. Each start gets a fresh dev database.
 */
final class Keycloak extends ContainerProcess {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-password-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The URL browsers and applications know Keycloak by, or {@code null}: then the address it listens on. */
    private final String frontendUrl;

    private Keycloak(Path base, List<String> command, Map<String, String> environment, int port, String frontendUrl) throws IOException {
        super(base, command, environment, port);
        this.frontendUrl = frontendUrl;
    }

    /** The unpacked distribution under {@code containers.dir}. */
    static Path home() {
        Path home = Path.of(System.getProperty("containers.dir", "target/containers"))
                .resolve("keycloak-" + System.getProperty("keycloak.dist.version"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + " (run through mvn verify)");
        }
        return home;
    }

    /** The newest JDK of the machine: Keycloak 26 runs on 21 or later, the build's own JDK may be 17. */
    static Path javaHome() {
        Path temurin = Path.of(System.getProperty("keycloak.java.home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        if (!Files.isExecutable(temurin.resolve("bin/java"))) {
            throw new IllegalStateException("Keycloak needs Java 21 or later: none at " + temurin + " (set -Dkeycloak.java.home)");
        }
        return temurin;
    }

    static Keycloak start(Path base) throws IOException {
        return start(base, false);
    }

    /**
     * {@code byName}: browsers and applications know it as {@code http://localhost:<port>} (its {@code --hostname}), so
     * that it is another site than applications on {@code 127.0.0.1}, as a real provider is, and every token it issues
     * (also the logout tokens of an administrator's action) names that issuer.
     */
    static Keycloak start(Path base, boolean byName) throws IOException {
        Path home = home();
        // A fresh dev database (H2 under data/): nothing of a previous run.
        deleteTree(home.resolve("data"));
        int port = freePort();
        String frontendUrl = byName ? "http://localhost:" + port : null;
        List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port, "--http-host=127.0.0.1", "--http-management-port=" + freePort()));
        if (frontendUrl != null) {
            command.add("--hostname=" + frontendUrl);
        }
        return new Keycloak(base, command, Map.of("JAVA_HOME", javaHome().toString(), "KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN,
                "KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD, "JAVA_OPTS_APPEND", "-Xmx768m"), port, frontendUrl);
    }

    @Override
    boolean deploymentFinished() {
        return console().contains("Listening on:");
    }

    /** Waits until the master realm answers (Keycloak is up and has made the admin account). */
    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new AssertionError("Keycloak exited:\n" + console());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Keycloak did not come up:\n" + console());
    }

    String issuer(String realm) {
        return (frontendUrl != null ? frontendUrl : baseUrl()) + "/realms/" + realm;
    }

    String tokenEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/token";
    }

    /** POSTs a form; the reply's JSON (or the body as a text node when it is none) and its status. */
    Reply form(String url, Map<String, String> fields, Map<String, String> headers) throws IOException, InterruptedException {
        String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** An admin REST call with the admin's token. */
    Reply admin(String method, String path, Object json) throws IOException, InterruptedException {
        Reply token = form(issuer("master") + "/protocol/openid-connect/token", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", ADMIN, "password", ADMIN_PASSWORD), Map.of());
        if (token.status() != 200) {
            throw new AssertionError("no admin token: " + token);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin" + path))
                .header("Authorization", "Bearer " + token.json().get("access_token").asText())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json)));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Reply reply(HttpResponse<String> response) throws IOException {
        JsonNode json;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            json = JSON.getNodeFactory().textNode(response.body());
        }
        return new Reply(response.statusCode(), json);
    }

    record Reply(int status, JsonNode json) {
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (var walk = Files.walk(root)) {
            walk.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }
}
