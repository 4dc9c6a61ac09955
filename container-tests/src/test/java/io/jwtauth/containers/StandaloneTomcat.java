package io.jwtauth.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A standalone Tomcat as an operator runs it: the distribution unpacked from its archive is CATALINA_HOME,
 * left untouched; each test gets its own CATALINA_BASE (the distribution's {@code conf/}, a free port, no
 * shutdown port) with one WAR in {@code webapps/}. Tomcat runs in its own JVM through its own
 * {@code Bootstrap}, with its own class loaders and its own {@code web.xml} processing, which is what embedded
 * containers hide.
 */
final class StandaloneTomcat extends ContainerProcess {
    private StandaloneTomcat(Path base, List<String> command, Map<String, String> environment, int port) throws IOException {
        super(base, command, environment, port);
    }

    /** The unpacked distribution of {@code version} under the {@code containers.dir} the build unpacked into. */
    static Path home(String version) {
        Path home = Path.of(System.getProperty("containers.dir", "target/containers")).resolve("apache-tomcat-" + version);
        if (!Files.isDirectory(home.resolve("bin"))) {
            throw new IllegalStateException("Tomcat " + version + " is not unpacked at " + home + " (run through mvn verify)");
        }
        return home;
    }

    /** Starts Tomcat {@code version} with {@code war} as the root application and the given extra environment. */
    static StandaloneTomcat start(String version, Path war, Path base, Map<String, String> environment) throws IOException {
        Path home = home(version);
        Files.createDirectories(base);
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String directory : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(directory));
        }
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml, StandardCharsets.UTF_8)
                .replace("port=\"8005\"", "port=\"-1\"")
                .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"");
        Files.writeString(serverXml, server, StandardCharsets.UTF_8);
        Files.copy(war, base.resolve("webapps/ROOT.war"));

        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-Xmx512m");
        command.add("-Dcatalina.home=" + home.toAbsolutePath());
        command.add("-Dcatalina.base=" + base.toAbsolutePath());
        command.add("-Djava.io.tmpdir=" + base.resolve("temp").toAbsolutePath());
        command.add("-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager");
        command.add("-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties").toAbsolutePath());
        // What catalina.sh adds on JDK 9+ (Tomcat's own memory-leak protection reflects into these).
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util.concurrent=ALL-UNNAMED");
        command.add("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");
        command.add("-cp");
        command.add(home.resolve("bin/bootstrap.jar").toAbsolutePath() + java.io.File.pathSeparator
                + home.resolve("bin/tomcat-juli.jar").toAbsolutePath());
        command.add("org.apache.catalina.startup.Bootstrap");
        command.add("start");
        return new StandaloneTomcat(base, command, environment, port);
    }

    @Override
    boolean deploymentFinished() {
        return console().contains("has finished in");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            paths.forEach(source -> {
                Path target = to.resolve(from.relativize(source).toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
