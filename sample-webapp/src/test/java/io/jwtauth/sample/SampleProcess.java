package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built sample jar running as a separate process, on a database of the test's choosing. */
final class SampleProcess implements AutoCloseable {
    final int port;
    final SampleFlow flow;
    private final Process process;

    SampleProcess(Path dataDir, Path log, Map<String, String> env) throws IOException, InterruptedException {
        Path jar = Path.of("target", "sample-webapp.jar");
        assertTrue(Files.exists(jar), "package first: " + jar.toAbsolutePath());
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("JWTAUTH_"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("JWTAUTH_DATA_DIR", dataDir.toString());
        builder.environment().putAll(env);
        this.process = builder.start();
        this.flow = new SampleFlow("http://127.0.0.1:" + port);
        flow.awaitUp(Duration.ofSeconds(60));
    }

    /** An IPv4 address of this machine that is not loopback, or {@code null} when it has none. */
    static java.net.InetAddress externalIpv4() throws java.net.SocketException {
        return java.net.NetworkInterface.networkInterfaces().filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                }).flatMap(java.net.NetworkInterface::inetAddresses).filter(address -> address instanceof java.net.Inet4Address)
                .findFirst().orElse(null);
    }

    /** The sample JVM's process id (for {@code jcmd}). */
    long pid() {
        return process.pid();
    }

    /** SIGTERM, then waits up to 30 s for a clean stop before killing the process. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The PostgreSQL URL the CI asked for, or {@code null}. */
    static String postgresUrl() {
        String url = System.getenv("JWTAUTH_TEST_POSTGRES_URL");
        return url == null || url.isBlank() ? null : url;
    }

    static void dropTables(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS jwtauth_user_roles");
            statement.execute("DROP TABLE IF EXISTS jwtauth_users");
            statement.execute("DROP TABLE IF EXISTS jwtauth_sessions");
        }
    }

    static long count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
