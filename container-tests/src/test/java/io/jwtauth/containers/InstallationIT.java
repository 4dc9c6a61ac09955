package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.sample.SampleFlow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's installation section, followed literally: a Maven project of the legacy application takes jwtauth
 * from the folder the build stages ({@code target/staging-repo}), through the BOM, with the README's
 * {@code <repositories>}, {@code <dependencyManagement>} and {@code <dependencies>} as written there. Its WAR holds
 * exactly the README's jar list and logs a user in on Tomcat 11 (jakarta) and Tomcat 9 (javax).
 *
 * <p>The consumer build runs with a fresh local repository; every other artifact comes from a view of this
 * build's local repository without {@code io/jwtauth}, so jwtauth's artifacts can only come from the folder.
 */
class InstallationIT {
    private static final Path ROOT = ConsumerProject.ROOT;
    private static final String VERSION = ConsumerProject.VERSION;
    private static final Path STAGING = ConsumerProject.STAGING;

    static Stream<Arguments> namespaces() {
        return Stream.of(
                Arguments.of("jakarta", System.getProperty("tomcat11.dist.version"),
                        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">",
                        "jakarta.servlet:jakarta.servlet-api:5.0.0"),
                Arguments.of("javax", System.getProperty("tomcat9.dist.version"),
                        "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\">",
                        "javax.servlet:javax.servlet-api:4.0.1"));
    }

    @ParameterizedTest(name = "{0} on Tomcat {1}")
    @MethodSource("namespaces")
    void consumerProjectWhenBuiltAsTheReadmeSaysThenItsWarHoldsTheListedJarsAndLogsIn(String namespace, String tomcat,
            String webAppElement, String servletApi, @TempDir Path base) throws Exception {
        assertStagedByThisBuild();
        boolean javax = namespace.equals("javax");
        Path project = consumerProject(base.resolve("legacy-app"), javax, webAppElement, servletApi);
        ConsumerProject.packageWar(project, base);
        Path war = project.resolve("target/legacy.war");

        // WEB-INF/lib: the README's list (the javax filter in place of the jakarta one), the driver and the provider.
        Set<String> expected = new TreeSet<>(readmeJarList(javax));
        expected.add(ConsumerProject.h2().jarName());
        expected.add(ConsumerProject.slf4jJdk14().jarName());
        Set<String> actual;
        try (ZipFile zip = new ZipFile(war.toFile())) {
            actual = zip.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .map(name -> name.substring("WEB-INF/lib/".length())).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(expected, actual, "the README's jar list and the WAR Maven built differ");

        // And it runs: the README's web.xml blocks over the application's own users table, in a standalone Tomcat.
        String dbUrl = "jdbc:h2:file:" + base.resolve("db/legacy").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        LegacyWarIT.createLegacyUsers(dbUrl);
        LegacyWarIT.runSchemaCommand(dbUrl);
        String secret = HexFormat.of().formatHex(LegacyWarIT.random(32));
        try (StandaloneTomcat container = StandaloneTomcat.start(tomcat, war, base.resolve("tomcat"),
                Map.of("JWTAUTH_SECRET", secret, "JWTAUTH_DB_URL", dbUrl))) {
            SampleFlow flow = container.awaitUp("/index.jsp");
            JsonNode alice = flow.login("alice", "alice-password-1");
            SampleFlow.Reply whoami = flow.call("GET", "/account/whoami.jsp", alice.get("accessToken").asText(), null);
            assertEquals(200, whoami.status(), String.valueOf(whoami.body()));
            assertEquals("alice", whoami.body().get("user").asText());
            assertEquals(401, flow.call("GET", "/account/whoami.jsp", null, null).status());
        }
    }

    /**
     * Reproducible builds: jwt-core built again from a copy of its sources gives the bytes this build staged, for
     * the jar, its sources and its javadoc.
     */
    @Test
    void jwtCoreWhenBuiltAgainFromItsSourcesThenItsArchivesAreByteForByteTheStagedOnes(@TempDir Path base) throws Exception {
        assertStagedByThisBuild();
        Path copy = base.resolve("jwtauth");
        Files.createDirectories(copy.resolve(".mvn"));
        Files.copy(ROOT.resolve("pom.xml"), copy.resolve("pom.xml"));
        StandaloneTomcat.copyTree(ROOT.resolve("jwt-core/src"), copy.resolve("jwt-core/src"));
        Files.copy(ROOT.resolve("jwt-core/pom.xml"), copy.resolve("jwt-core/pom.xml"));
        // Offline with this build's own local repository: everything it needs was resolved by this build.
        ConsumerProject.mvn(copy.resolve("jwt-core"), base.resolve("rebuild.log"), List.of("-B", "-o", "-q", "package",
                "-Dmaven.test.skip=true", "-Dmaven.repo.local=" + System.getProperty("maven.repo.local")));
        for (String classifier : List.of("", "-sources", "-javadoc")) {
            Path rebuilt = copy.resolve("jwt-core/target/jwt-core-" + VERSION + classifier + ".jar");
            assertArrayEquals(Files.readAllBytes(staged("jwt-core", classifier + ".jar")), Files.readAllBytes(rebuilt),
                    "jwt-core" + classifier + ".jar differs from the staged one: the build is not reproducible");
        }
    }

    /** The folder is this build's: its newest jwt-core jar is the one in jwt-core/target, and the BOM's version is ours. */
    private static void assertStagedByThisBuild() throws IOException {
        Path built = ROOT.resolve("jwt-core/target/jwt-core-" + VERSION + ".jar");
        assertTrue(Files.isDirectory(STAGING.resolve("io/jwtauth/jwtauth-bom")),
                "no BOM in " + STAGING + ": an offline build (mvn -o) does not stage; run this test online");
        assertArrayEquals(Files.readAllBytes(built), Files.readAllBytes(staged("jwt-core", ".jar")),
                STAGING + " holds an older jwt-core than this build's (an offline build does not stage)");
        String bom = Files.readString(ROOT.resolve("jwtauth-bom/pom.xml"));
        assertTrue(bom.contains("<artifactId>jwtauth-bom</artifactId>\n  <version>" + VERSION + "</version>"),
                "jwtauth-bom's version is not the parent's " + VERSION);
    }

    /** The newest staged file of an artifact (snapshots are staged under timestamps, which sort). */
    private static Path staged(String artifactId, String suffix) throws IOException {
        Path folder = STAGING.resolve("io/jwtauth/" + artifactId + "/" + VERSION);
        String base = VERSION.replace("-SNAPSHOT", "");
        try (Stream<Path> files = Files.list(folder)) {
            String prefix = artifactId + "-" + base;
            // -20261206.011113-1.jar, -20261206.011113-1-sources.jar; not another classifier.
            java.util.regex.Pattern timestamped = java.util.regex.Pattern.compile(
                    java.util.regex.Pattern.quote(prefix) + "-\\d{8}\\.\\d{6}-\\d+" + java.util.regex.Pattern.quote(suffix));
            return files.filter(file -> timestamped.matcher(file.getFileName().toString()).matches())
                    .max(java.util.Comparator.comparing(file -> file.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError("nothing staged for " + artifactId + suffix + " in " + folder));
        }
    }

    /**
     * The legacy application as a Maven project: the README's installation block, plus what the README says to add
     * (a JDBC driver, an SLF4J provider) and what any servlet application has (the Servlet API, provided).
     */
    private static Path consumerProject(Path project, boolean javax, String webAppElement, String servletApi)
            throws IOException {
        String pom = ConsumerProject.pom("legacy", javax, List.of(ConsumerProject.h2(), ConsumerProject.slf4jJdk14(),
                ConsumerProject.Library.of(servletApi + ":provided")));
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), pom);
        String servlets = Files.readString(LegacyWarIT.APP.resolve("src/legacy/LegacyServlets.java"));
        if (!javax) {
            servlets = servlets.replace("javax.servlet", "jakarta.servlet");
        }
        Path sources = Files.createDirectories(project.resolve("src/main/java/legacy"));
        Files.writeString(sources.resolve("LegacyServlets.java"), servlets);
        Path webapp = project.resolve("src/main/webapp");
        for (String page : LegacyWarIT.PAGES) {
            Files.createDirectories(webapp.resolve(page).getParent());
            Files.copy(LegacyWarIT.APP.resolve(page), webapp.resolve(page));
        }
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), LegacyWarIT.webXml(webAppElement, descriptor -> descriptor, false));
        Files.copy(LegacyWarIT.APP.resolve("descriptor/jwtauth.properties"), webapp.resolve("WEB-INF/jwtauth.properties"));
        return project;
    }

    /** The jar names of the README's list, for a jakarta or a javax application. */
    private static List<String> readmeJarList(boolean javax) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf("Without Maven, these jars go into `WEB-INF/lib`");
        assertTrue(at >= 0, "the README no longer lists the jars");
        int start = readme.indexOf("```\n", at) + 4;
        int end = readme.indexOf("```", start);
        List<String> jars = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.isBlank()) {
                jars.add(javax ? line.strip().replace("jwt-servlet-filter-", "jwt-servlet-filter-javax-") : line.strip());
            }
        }
        return jars;
    }
}
