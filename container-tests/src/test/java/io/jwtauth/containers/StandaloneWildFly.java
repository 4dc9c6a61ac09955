package io.jwtauth.containers;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone WildFly as an operator runs it: the distribution unpacked from the registry's archive, copied for each
 * test (its configuration is the test's to change), optionally set up by the sample's
 * {@code servers/wildfly/setup.sh}, with the WAR dropped into {@code standalone/deployments} as {@code ROOT.war}, on
 * ports of its own (a port offset), in its own JVM through {@code standalone.sh}.
 */
final class StandaloneWildFly extends ContainerProcess {
    private StandaloneWildFly(Path base, List<String> command, Map<String, String> environment, int port) throws IOException {
        super(base, command, environment, port);
    }

    static Path home() {
        Path home = Path.of(System.getProperty("containers.dir", "target/containers")).resolve("wildfly-"
                + System.getProperty("wildfly.dist.version"));
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException("WildFly is not unpacked at " + home + " (run through mvn verify)");
        }
        return home;
    }

    /** The sample's one-time setup script for WildFly, as the sample contract names it. */
    static Path setupScript() {
        return Path.of(System.getProperty("sample.target", "../sample-webapp/target")).getParent().resolve("servers/wildfly/setup.sh");
    }

    /** Copies the distribution to {@code base/wildfly}, runs the setup script when asked, deploys {@code war} and starts. */
    static StandaloneWildFly start(Path war, Path base, Map<String, String> environment, boolean setUp) throws IOException,
            InterruptedException {
        Files.createDirectories(base);
        Path server = base.resolve("wildfly");
        run(List.of("cp", "-a", home().toAbsolutePath().toString(), server.toString()), base);
        if (setUp) {
            run(List.of("bash", setupScript().toAbsolutePath().toString(), server.toString()), base);
        }
        Files.copy(war, server.resolve("standalone/deployments/ROOT.war"));
        int offset = freeOffset();
        List<String> command = List.of("bash", server.resolve("bin/standalone.sh").toString(), "-b", "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset);
        return new StandaloneWildFly(base, command, environment, 8080 + offset);
    }

    private static void run(List<String> command, Path directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("setup.log").toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + Files.readString(directory.resolve("setup.log")));
        }
    }

    /** A port offset under which WildFly's usual ports (8080, 8443, 9990, 9993) are free. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = 20_000 + (int) (Math.random() * 20_000);
            if (free(8080 + offset) && free(8443 + offset) && free(9990 + offset) && free(9993 + offset)) {
                return offset;
            }
        }
        throw new IOException("no free port offset for WildFly");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    @Override
    boolean deploymentFinished() {
        String console = console();
        return console.contains("WFLYSRV0025") || console.contains("WFLYSRV0026") || console.contains("WFLYCTL0013");
    }
}
