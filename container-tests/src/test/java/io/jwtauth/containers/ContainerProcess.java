package io.jwtauth.containers;

import io.jwtauth.sample.SampleFlow;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A container the tests started in its own JVM, from its distribution, with one application at the root of
 * {@code http://127.0.0.1:<port>}. Its base directory holds everything it wrote under {@code logs/}.
 */
abstract class ContainerProcess implements AutoCloseable {
    private final Path base;
    private final Process process;
    private final int port;

    ContainerProcess(Path base, List<String> command, Map<String, String> environment, int port) throws IOException {
        this.base = base;
        this.port = port;
        Files.createDirectories(base.resolve("logs"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/console.log").toFile());
        builder.environment().putAll(environment);
        this.process = builder.start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Whether deployment is over (the application started, or failed to), judged from the container's log. */
    abstract boolean deploymentFinished();

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Everything the container and the application wrote: the console (where SLF4J's simple binding writes
     * too) and the container's own log files (Tomcat puts a listener's start-up failure in {@code localhost.*.log}).
     */
    String console() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(base.resolve("logs"))) {
            for (Path log : logs.sorted().toList()) {
                all.append("---- ").append(log.getFileName()).append('\n').append(Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            all.append("(logs unreadable: ").append(e).append(')');
        }
        return all.toString();
    }

    /** Waits for {@code /health}, failing at once with the container's console when it or the application died. */
    SampleFlow awaitUp() throws InterruptedException {
        return awaitUp("/health");
    }

    /** Waits until {@code probe} answers 200. */
    SampleFlow awaitUp(String probe) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new AssertionError("the container exited:\n" + console());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + probe))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                if (lastStatus == 200) {
                    return new SampleFlow(baseUrl());
                }
                if (lastStatus == 404 && deploymentFinished()) {
                    break; // deployed, but the application did not start: 404 from then on
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the web application did not come up (last status " + lastStatus + "):\n" + console());
    }

    /** Waits until deployment is over, for a start that must fail; returns the console to look into. */
    String awaitFailedStart() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && isAlive() && !deploymentFinished()) {
            Thread.sleep(250);
        }
        return console();
    }

    /** Stops the container as an operator's SIGTERM would (its shutdown hook stops the application). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
