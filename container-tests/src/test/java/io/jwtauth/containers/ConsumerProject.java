package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An application's own Maven build that takes jwtauth as the README's installation section says: its
 * {@code <repositories>}, {@code <dependencyManagement>} (the BOM) and {@code <dependencies>} blocks as written
 * there, with the staging folder's real path. It runs with this build's Maven and a fresh local repository; every
 * other artifact comes from a view of this build's local repository without {@code io/jwtauth} (no network, and
 * nothing of jwtauth's from anywhere but the folder).
 */
final class ConsumerProject {
    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("project.version");
    static final Path STAGING = Path.of(System.getProperty("jwtauth.staging.repo", ROOT + "/target/staging-repo"));

    private ConsumerProject() {
    }

    /** A dependency the application adds beside the README's block. */
    record Library(String groupId, String artifactId, String version, String scope) {
        static Library of(String coordinates) {
            String[] parts = coordinates.split(":");
            return new Library(parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : null);
        }

        String jarName() {
            return artifactId + "-" + version + ".jar";
        }

        String xml() {
            return "    <dependency>\n      <groupId>" + groupId + "</groupId>\n      <artifactId>" + artifactId
                    + "</artifactId>\n      <version>" + version + "</version>\n"
                    + (scope == null ? "" : "      <scope>" + scope + "</scope>\n") + "    </dependency>\n";
        }
    }

    /** The JDBC driver the README says to add: H2, the version this build uses. */
    static Library h2() {
        return new Library("com.h2database", "h2", org.h2.engine.Constants.VERSION, null);
    }

    /** The SLF4J provider the README suggests for a plain WAR (copied to target/legacy-libs by this module's build). */
    static Library slf4jJdk14() throws IOException {
        try (Stream<Path> libs = Files.list(Path.of(System.getProperty("legacy.libs", "target/legacy-libs")))) {
            String name = libs.map(lib -> lib.getFileName().toString()).filter(lib -> lib.startsWith("slf4j-jdk14-"))
                    .findFirst().orElseThrow(() -> new AssertionError("slf4j-jdk14 not copied to target/legacy-libs"));
            return new Library("org.slf4j", "slf4j-jdk14", name.substring("slf4j-jdk14-".length(), name.length() - 4), null);
        }
    }

    /**
     * The application's {@code pom.xml}: a WAR named {@code finalName}, the README's installation block (the javax
     * filter in place of the jakarta one when {@code javax}), then {@code libraries}; the plugins this build uses.
     */
    static String pom(String finalName, boolean javax, List<Library> libraries) throws IOException {
        String installation = ReadmeBlocks.xmlAfter("Point your project at the folder");
        assertTrue(installation.contains("file:///path/to/jwtauth/target/staging-repo"), installation);
        installation = installation.replace("file:///path/to/jwtauth/target/staging-repo", STAGING.toUri().toString());
        if (javax) {
            // What the README says to write for a javax.servlet container.
            installation = installation.replace("<artifactId>jwt-servlet-filter</artifactId>",
                    "<artifactId>jwt-servlet-filter-javax</artifactId>");
        }
        StringBuilder added = new StringBuilder();
        libraries.forEach(library -> added.append(library.xml()));
        int end = installation.lastIndexOf("</dependencies>");
        installation = installation.substring(0, end) + added + installation.substring(end);
        StringBuilder plugins = new StringBuilder();
        for (String plugin : System.getProperty("consumer.plugins").split(",")) {
            String[] parts = plugin.split(":");
            plugins.append("      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>").append(parts[0])
                    .append("</artifactId><version>").append(parts[1]).append("</version></plugin>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0</version>
                  <packaging>war</packaging>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                %s
                  <build>
                    <finalName>%s</finalName>
                    <plugins>
                %s    </plugins>
                  </build>
                </project>
                """.formatted(finalName, installation, finalName, plugins);
    }

    /** {@code mvn package} in {@code project}; its log goes to {@code work/consumer.log}. */
    static void packageWar(Path project, Path work) throws Exception {
        Path view = thirdPartyView(work.resolve("third-party"));
        Path settings = Files.writeString(work.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror>
                      <id>third-party</id>
                      <mirrorOf>*,!jwtauth</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(work.resolve("consumer-m2"), view.toUri()));
        try {
            mvn(project, work.resolve("consumer.log"), List.of("-B", "-s", settings.toString(), "package"));
        } finally {
            // The links only (JUnit would warn about each one it finds pointing out of its temporary folder).
            try (Stream<Path> links = Files.walk(view)) {
                for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(link);
                }
            }
        }
    }

    /** This build's local repository without {@code io/jwtauth}, as symbolic links. */
    private static Path thirdPartyView(Path view) throws IOException {
        Path local = Path.of(System.getProperty("maven.repo.local"));
        Files.createDirectories(view.resolve("io"));
        try (Stream<Path> top = Files.list(local)) {
            for (Path entry : top.toList()) {
                if (!entry.getFileName().toString().equals("io")) {
                    Files.createSymbolicLink(view.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        if (Files.isDirectory(local.resolve("io"))) {
            try (Stream<Path> io = Files.list(local.resolve("io"))) {
                for (Path entry : io.toList()) {
                    if (!entry.getFileName().toString().equals("jwtauth")) {
                        Files.createSymbolicLink(view.resolve("io").resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
        }
        return view;
    }

    /** Runs this build's Maven in {@code directory}, on this JVM's JDK; fails with the log's end. */
    static void mvn(Path directory, Path log, List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("maven.home"), "bin", "mvn").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MAVEN_OPTS");
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 10 minutes");
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError(String.join(" ", command) + " failed in " + directory + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }
}
