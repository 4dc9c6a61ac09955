package io.jwtauth.containers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Jetty 12 as an operator runs it: {@code jetty-home} unpacked from its archive is JETTY_HOME,
 * left untouched; each test gets its own JETTY_BASE, made by {@code start.jar --add-modules} for one
 * environment (ee8 to ee11), with one WAR in {@code webapps/}.
 */
final class StandaloneJetty implements RunningContainer {
    private final Path base;
    private final Process process;
    private final int port;

    private StandaloneJetty(Path base, Process process, int port) {
        this.base = base;
        this.process = process;
        this.port = port;
    }

    static Path home(String version) {
        Path home = Path.of(System.getProperty("containers.dir", "target/containers")).resolve("jetty-home-" + version);
        if (!Files.isRegularFile(home.resolve("start.jar"))) {
            throw new IllegalStateException("Jetty " + version + " is not unpacked at " + home + " (run through mvn verify)");
        }
        return home;
    }

    /** Starts Jetty {@code version} with {@code modules} enabled in a new base and {@code war} as the root application. */
    static StandaloneJetty start(String version, List<String> modules, Path war, Path base, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path home = home(version);
        Files.createDirectories(base);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> setup = List.of(java.toString(), "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "--add-modules=" + String.join(",", modules));
        Process configure = new ProcessBuilder(setup).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("setup.log").toFile()).start();
        if (!configure.waitFor(60, TimeUnit.SECONDS) || configure.exitValue() != 0) {
            throw new IllegalStateException("jetty base setup failed: " + Files.readString(base.resolve("setup.log")));
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/ROOT.war"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m", "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "jetty.http.port=" + port, "jetty.http.host=127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        builder.environment().putAll(environment);
        return new StandaloneJetty(base, builder.start(), port);
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public boolean deploymentFinished() {
        return console().contains("Started oejs.Server");
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public String console() {
        try {
            return Files.readString(base.resolve("console.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no console log: " + e + ")";
        }
    }

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
