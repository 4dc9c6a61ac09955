package io.jwtauth.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of the test's own, on a free port, from the machine's {@code redis-server} (keeping nothing on
 * disk), which the test may stop and start again: an outage, a restart that lost everything. Where the binary is
 * missing the test is skipped, unless {@code JWTAUTH_TEST_REDIS_URL} is set (CI sets it): then it fails.
 */
class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");
    final int port;
    private final List<String> options;
    private Process process;

    private RedisServer(int port, List<String> options) {
        this.port = port;
        this.options = List.copyOf(options);
    }

    /** A Sentinel watching the master on {@code masterPort} as {@code name}: it alone decides a failover (quorum 1). */
    static RedisServer sentinel(int masterPort, String name, Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(config, String.join("\n", "port " + port, "bind 127.0.0.1", "protected-mode no",
                "sentinel monitor " + name + " 127.0.0.1 " + masterPort + " 1",
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 5000", "") );
        RedisServer sentinel = new RedisServer(port, List.of()) {
            @Override
            List<String> command() {
                return List.of(BINARY.toString(), config.toString(), "--sentinel");
            }
        };
        sentinel.up();
        return sentinel;
    }

    List<String> command() {
        List<String> command = new java.util.ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        command.addAll(options);
        return command;
    }

    static RedisServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** A server with these options too ({@code --replicaof host port}, say). */
    static RedisServer start(List<String> options) throws IOException, InterruptedException {
        if (configuredUrl() == null) {
            assumeTrue(Files.isExecutable(BINARY), "no redis-server here (apt-get install redis-server); JWTAUTH_TEST_REDIS_URL makes this fail");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer server = new RedisServer(port, options);
        server.up();
        return server;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again, empty) and waits until it accepts connections. */
    void up() throws IOException, InterruptedException {
        process = new ProcessBuilder(command()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start on port " + port);
    }

    /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as in a network partition. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a frozen server go on, its data intact. */
    void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops the server at once, as a crash would (nothing is saved). */
    void down() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            down();
        }
    }

    /** The Redis of the contract suites: {@code JWTAUTH_TEST_REDIS_URL} when set (database 15 of the machine's), else null. */
    static String configuredUrl() {
        String url = System.getenv("JWTAUTH_TEST_REDIS_URL");
        return url == null || url.isBlank() || url.startsWith("${") ? null : url;
    }
}
