package io.jwtauth.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The sample jar as one node of several: its own process and port, on a database the nodes share, with its own log. */
final class SampleNode implements AutoCloseable {
    final Process process;
    final String base;
    final Path log;

    private SampleNode(int port, Path dir, String dbUrl, String secret, Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty("sample.target", "../sample-webapp/target"), "sample-webapp.jar");
        Files.createDirectories(dir);
        this.log = dir.resolve("node.log");
        ProcessBuilder builder = new ProcessBuilder(ContainerProcess.java(), "-Xmx384m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JWTAUTH_"));
        Map<String, String> all = new HashMap<>(Map.of("PORT", Integer.toString(port), "JWTAUTH_DATA_DIR", dir.resolve("data").toString(),
                "JWTAUTH_DB_URL", dbUrl, "JWTAUTH_SECRET", secret));
        all.putAll(env);
        builder.environment().putAll(all);
        this.process = builder.start();
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts a node and waits until it answers {@code /health}; {@code env} adds the sample's variables. */
    static SampleNode start(int port, Path dir, String dbUrl, String secret, Map<String, String> env, HttpClient http) throws Exception {
        SampleNode node = new SampleNode(port, dir, dbUrl, secret, env);
        try {
            node.awaitUp(http);
        } catch (Exception | AssertionError e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void awaitUp(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the node exited:\n" + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the node did not come up:\n" + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
