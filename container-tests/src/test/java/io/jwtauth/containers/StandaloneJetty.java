package io.jwtauth.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Jetty 12 as an operator runs it: {@code jetty-home} unpacked from its archive is JETTY_HOME,
 * left untouched; each test gets its own JETTY_BASE, made by {@code start.jar --add-modules} for one
 * environment (ee8 to ee11), with one WAR in {@code webapps/}.
 */
final class StandaloneJetty extends ContainerProcess {
    private StandaloneJetty(Path base, List<String> command, Map<String, String> environment, int port) throws IOException {
        super(base, command, environment, port);
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
        return start(version, modules, war, base, environment, List.of());
    }

    /** The same, with {@code properties} ({@code name=value}) in a {@code start.d/} file of the base, as an operator sets them. */
    static StandaloneJetty start(String version, List<String> modules, Path war, Path base, Map<String, String> environment,
            List<String> properties) throws IOException, InterruptedException {
        Path home = home(version);
        Files.createDirectories(base.resolve("logs"));
        if (modules.contains("ee9-jaspi")) {
            overrideEe9Jaspi(home, base);
        }
        List<String> setup = List.of(java(), "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "--add-modules=" + String.join(",", modules));
        Process configure = new ProcessBuilder(setup).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/setup.log").toFile()).start();
        if (!configure.waitFor(60, TimeUnit.SECONDS) || configure.exitValue() != 0) {
            throw new IllegalStateException("jetty base setup failed: " + Files.readString(base.resolve("logs/setup.log")));
        }
        if (!properties.isEmpty()) {
            Files.createDirectories(base.resolve("start.d"));
            Files.write(base.resolve("start.d/jwtauth.ini"), properties);
        }
        Files.createDirectories(base.resolve("webapps"));
        Files.copy(war, base.resolve("webapps/ROOT.war"));
        int port = freePort();
        return new StandaloneJetty(base, List.of(java(), "-Xmx512m", "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "jetty.http.port=" + port, "jetty.http.host=127.0.0.1"), environment, port);
    }

    /**
     * The README's fix for Jetty 12.1.0's {@code ee9-jaspi} module, which lacks {@code [environment] ee9}: its jars
     * land on the server's class path, where ee9's classes are not, and ee9 then finds no JASPI at all (Jetty
     * issue 13175). The same module with that line, in the base, overrides it. A home that has it is left alone.
     */
    private static void overrideEe9Jaspi(Path home, Path base) throws IOException {
        String module = Files.readString(home.resolve("modules/ee9-jaspi.mod"));
        if (!module.contains("[environment]")) {
            Files.createDirectories(base.resolve("modules"));
            Files.writeString(base.resolve("modules/ee9-jaspi.mod"), module.replace("[depend]", "[environment]\nee9\n\n[depend]"));
        }
    }

    @Override
    boolean deploymentFinished() {
        return console().contains("Started oejs.Server");
    }
}
