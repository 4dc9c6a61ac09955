package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.password4j.BcryptFunction;
import com.password4j.types.Bcrypt;
import io.jwtauth.sample.SampleFlow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A legacy application (JSPs that use only the servlet security API, declarative security in {@code web.xml},
 * its own users and roles tables with bcrypt hashes) gains jwtauth the way the README says, and only that way:
 * the jars in {@code WEB-INF/lib}, the README's {@code web.xml} blocks (read from the README itself), the
 * table mapping in {@code /WEB-INF/jwtauth.properties}, the schema from {@code jwtauth schema}. Its constraints
 * and {@code isUserInRole} then work with bearer tokens, unchanged, in a standalone Tomcat 11 (jakarta jars)
 * and Tomcat 9 (javax jars). On the way it meets what a newcomer meets: a short secret, a missing schema.
 */
class LegacyWarIT {
    static final Path APP = Path.of("src/test/legacy-app");

    /** Where the application's jwtauth log goes: nowhere (no SLF4J provider), or the container's log. */
    enum Logging { NO_PROVIDER, SLF4J_JDK14 }

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of(System.getProperty("tomcat11.dist.version"), "sample-webapp.war",
                        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">", Logging.SLF4J_JDK14),
                Arguments.of(System.getProperty("tomcat9.dist.version"), "sample-webapp-javax.war",
                        "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\">", Logging.NO_PROVIDER));
    }

    @ParameterizedTest(name = "Tomcat {0}, {3}")
    @MethodSource("containers")
    void legacyAppWhenJwtauthAddedAsTheReadmeSaysThenItsOwnConstraintsHoldWithTokens(String version, String jarsFrom,
            String webApp, Logging logging, @TempDir Path base) throws Exception {
        // AUTO_SERVER: the test reads the hashes while Tomcat holds the database open.
        String dbUrl = "jdbc:h2:file:" + base.resolve("db/legacy").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        createLegacyUsers(dbUrl);
        String aliceBcrypt = storedHash(dbUrl, "alice");
        String carolBcrypt = storedHash(dbUrl, "carol");
        Path classes = compileServlets(version, webApp.contains("jakarta"), base.resolve("classes"));
        Path war = assemble(base.resolve("legacy.war"), webApp, StandaloneTomcatIT.war(jarsFrom), logging, classes, false);
        String secret = HexFormat.of().formatHex(random(32));

        // A newcomer's first secret is often too short: the start fails and says how to make one.
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war, base.resolve("tomcat-1"),
                Map.of("JWTAUTH_SECRET", "too-short", "JWTAUTH_DB_URL", dbUrl))) {
            String console = tomcat.awaitFailedStart();
            assertTrue(console.contains("jwtauth.key.secret: HS256 needs a secret of at least 32 bytes")
                    && console.contains("jwtauth keygen --alg HS256 --secret"), console);
        }
        // The tables are not there yet: the start fails naming the first one and the command that prints the script.
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war, base.resolve("tomcat-2"),
                Map.of("JWTAUTH_SECRET", secret, "JWTAUTH_DB_URL", dbUrl))) {
            String console = tomcat.awaitFailedStart();
            assertTrue(console.contains("table jwtauth_sessions is missing") && console.contains("jwtauth schema --db h2 --without-users"),
                    console);
        }
        runSchemaCommand(dbUrl);

        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war, base.resolve("tomcat-3"),
                Map.of("JWTAUTH_SECRET", secret, "JWTAUTH_DB_URL", dbUrl))) {
            SampleFlow flow = tomcat.awaitUp("/index.jsp");
            SampleFlow.Reply anonymous = flow.call("GET", "/account/whoami.jsp", null, null);
            assertEquals(401, anonymous.status());
            assertEquals("no-token", anonymous.body().get("error").asText());

            JsonNode alice = flow.login("alice", "alice-password-1");
            // ${env:JWTAUTH_ISSUER|my-app} reached jwtauth intact: the default applies.
            JWT.require(Algorithm.HMAC256(secret)).withIssuer("my-app").build().verify(alice.get("accessToken").asText());
            SampleFlow.Reply whoami = flow.call("GET", "/account/whoami.jsp", alice.get("accessToken").asText(), null);
            assertEquals(200, whoami.status(), String.valueOf(whoami.body()));
            assertEquals("alice", whoami.body().get("user").asText());
            assertTrue(whoami.body().get("manager").asBoolean(), "isUserInRole from the app's roles table");
            assertEquals(200, flow.call("GET", "/admin/report.jsp", alice.get("accessToken").asText(), null).status());
            // The plain servlets under the README's path rules: /api/* needs a token, /api/admin/* Administrators.
            assertEquals(401, flow.call("GET", "/api/orders", null, null).status());
            SampleFlow.Reply orders = flow.call("GET", "/api/orders", alice.get("accessToken").asText(), null);
            assertEquals(200, orders.status(), String.valueOf(orders.body()));
            assertEquals("alice", orders.body().get("user").asText());
            assertTrue(orders.body().get("manager").asBoolean());
            assertEquals(200, flow.call("GET", "/api/admin/audit", alice.get("accessToken").asText(), null).status());
            JsonNode renewed = flow.renew(alice);
            assertEquals(200, flow.call("GET", "/account/whoami.jsp", renewed.get("accessToken").asText(), null).status());

            JsonNode bob = flow.login("bob", "bob-password-1");
            SampleFlow.Reply bobAdmin = flow.call("GET", "/admin/report.jsp", bob.get("accessToken").asText(), null);
            assertEquals(403, bobAdmin.status());
            assertEquals("forbidden", bobAdmin.body().get("error").asText());
            assertEquals(false, flow.call("GET", "/account/whoami.jsp", bob.get("accessToken").asText(), null)
                    .body().get("manager").asBoolean());
            SampleFlow.Reply bobAudit = flow.call("GET", "/api/admin/audit", bob.get("accessToken").asText(), null);
            assertEquals(403, bobAudit.status());
            assertEquals("forbidden", bobAudit.body().get("error").asText());

            SampleFlow.Reply inactive = flow.call("POST", "/auth/login", null, "{\"u\":\"carol\",\"p\":\"carol-password-1\"}");
            assertEquals(401, inactive.status());
            assertEquals("bad-credentials", inactive.body().get("error").asText());
            assertEquals(200, flow.call("GET", "/index.jsp", null, null).status(), "unconstrained pages stay open");
            assertEquals(200, flow.call("POST", "/auth/logout", renewed.get("accessToken").asText(), null).status());
            assertEquals(401, flow.call("GET", "/account/whoami.jsp", renewed.get("accessToken").asText(), null).status());

            // The opted-in upgrade: alice's bcrypt became argon2id once her login succeeded; carol's refused one
            // left her hash alone.
            assertTrue(storedHash(dbUrl, "alice").startsWith("$argon2id$") && !aliceBcrypt.startsWith("$argon2id$"));
            assertEquals(carolBcrypt, storedHash(dbUrl, "carol"));

            String console = tomcat.console();
            if (logging == Logging.NO_PROVIDER) {
                // jwtauth's own log is dropped; the container's log says so, and what to add.
                assertTrue(console.contains("jwtauth: no SLF4J provider is bound"), console);
            } else {
                assertTrue(console.contains("jwtauth: filter ready"), console);
                assertTrue(!console.contains("no SLF4J provider"), console);
                // Masking: the secret is not shown, the settings that are not secret are.
                assertTrue(console.contains("jwtauth.key.secret=****") && !console.contains(secret), "secret masked");
                assertTrue(console.contains("jwtauth.jdbc.users.rehash-password=UPDATE app_users"), "SQL shown");
            }
        }
    }

    /**
     * The README's other data source: a container pool through JNDI. When the container cannot create it (its
     * driver is in neither Tomcat's lib nor the WAR), the start fails with the container's reason, not with "no
     * DataSource bound" nor a bare SQLState.
     */
    @org.junit.jupiter.api.Test
    void jndiPoolWhenContainerCannotLoadItsDriverThenStartFailsWithThatCause(@TempDir Path base) throws Exception {
        String version = System.getProperty("tomcat11.dist.version");
        Path classes = compileServlets(version, true, base.resolve("classes"));
        Path war = assemble(base.resolve("legacy.war"), "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">",
                StandaloneTomcatIT.war("sample-webapp.war"), Logging.SLF4J_JDK14, classes, true);
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war, base.resolve("tomcat"),
                Map.of("JWTAUTH_SECRET", HexFormat.of().formatHex(random(32))))) {
            String console = tomcat.awaitFailedStart();
            String refusal = console.lines().filter(line -> line.contains("invalid configuration: jwtauth.jdbc.jndi:")).findFirst()
                    .orElseThrow(() -> new AssertionError("no jwtauth.jdbc.jndi error:\n" + console));
            System.out.println("[jndi] " + refusal.strip());
            assertTrue(refusal.contains("org.postgresql.Driver"), refusal);
            assertTrue(!console.contains("no DataSource bound"), console);
        }
    }

    /** What the README tells a DBA to run: the CLI prints the script, the database runs it. */
    static void runSchemaCommand(String url) throws Exception {
        Path cli = Path.of(System.getProperty("project.root", "..")).resolve("jwt-cli/target/jwtauth-cli.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                cli.toString(), "schema", "--db", "h2", "--without-users").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String script = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "jwtauth schema failed");
        try (Connection connection = DriverManager.getConnection(url); java.sql.Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\n")) {
                String body = sql.lines().filter(line -> !line.strip().startsWith("--")).collect(java.util.stream.Collectors.joining("\n")).strip();
                if (!body.isEmpty()) {
                    statement.execute(body);
                }
            }
        }
    }

    private static String storedHash(String url, String login) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement query = connection.prepareStatement("SELECT pwd_hash FROM app_users WHERE login = ?")) {
            query.setString(1, login);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** The application's own tables, as it had them before jwtauth: bcrypt hashes, an active flag, a roles table. */
    static void createLegacyUsers(String url) throws SQLException {
        BcryptFunction bcrypt = BcryptFunction.getInstance(Bcrypt.B, 10);
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.createStatement().execute("CREATE TABLE app_users (login VARCHAR(64) PRIMARY KEY, full_name VARCHAR(128), "
                    + "pwd_hash VARCHAR(128), active BOOLEAN NOT NULL)");
            connection.createStatement().execute("CREATE TABLE app_roles (login VARCHAR(64), role VARCHAR(64))");
            record User(String login, String name, boolean active) {
            }
            for (User user : List.of(new User("alice", "Alice", true), new User("bob", "Bob", true), new User("carol", "Carol", false))) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO app_users VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, user.login());
                    insert.setString(2, user.name());
                    insert.setString(3, bcrypt.hash(user.login() + "-password-1").getResult());
                    insert.setBoolean(4, user.active());
                    insert.executeUpdate();
                }
            }
            connection.createStatement().execute("INSERT INTO app_roles VALUES ('alice', 'user'), ('alice', 'manager'), "
                    + "('alice', 'Administrators'), ('bob', 'user'), ('carol', 'user')");
        }
    }

    /**
     * The legacy WAR with jwtauth added: its JSPs, its {@code web.xml} with the jwtauth additions, and in
     * {@code WEB-INF/lib} the jars of the sample's WAR (jwtauth and what it needs, drivers included).
     */
    /**
     * The application's servlets, compiled as its own build would: against the container's Servlet API
     * ({@code lib/servlet-api.jar}), javax for Tomcat 9 and moved to jakarta for Tomcat 10 and later.
     */
    static Path compileServlets(String version, boolean jakarta, Path output) throws IOException {
        String source = Files.readString(APP.resolve("src/legacy/LegacyServlets.java"));
        if (jakarta) {
            source = source.replace("javax.servlet", "jakarta.servlet");
        }
        Path sources = Files.createDirectories(output.resolveSibling("sources/legacy"));
        Path file = Files.writeString(sources.resolve("LegacyServlets.java"), source);
        Files.createDirectories(output);
        javax.tools.JavaCompiler compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
        int result = compiler.run(null, null, null, "--release", "11", "-classpath",
                StandaloneTomcat.home(version).resolve("lib/servlet-api.jar").toString(), "-d", output.toString(), file.toString());
        assertEquals(0, result, "the legacy servlets did not compile");
        return output;
    }

    private static Path assemble(Path war, String webAppElement, Path jarsFrom, Logging logging, Path classes, boolean jndi)
            throws IOException {
        return assemble(war, webAppElement, jarsFrom, logging, classes, jndi, descriptor -> descriptor, List.of());
    }

    /**
     * The same, with the application's own descriptor changed by {@code descriptor} (another {@code <login-config>},
     * say) and more of its pages ({@code extraPages}, paths under {@code src/test/legacy-app}).
     */
    static Path assemble(Path war, String webAppElement, Path jarsFrom, Logging logging, Path classes, boolean jndi,
                         java.util.function.UnaryOperator<String> descriptor, List<String> extraPages) throws IOException {
        String webXml = webXml(webAppElement, descriptor, jndi);
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            List<String> pages = new java.util.ArrayList<>(PAGES);
            pages.addAll(extraPages);
            for (String page : pages) {
                zip.putNextEntry(new ZipEntry(page));
                zip.write(Files.readAllBytes(APP.resolve(page)));
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(webXml.getBytes(StandardCharsets.UTF_8));
            try (Stream<Path> compiled = Files.walk(classes)) {
                for (Path type : compiled.filter(Files::isRegularFile).toList()) {
                    zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + classes.relativize(type).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(type));
                }
            }
            if (jndi) {
                zip.putNextEntry(new ZipEntry("META-INF/context.xml"));
                zip.write(("<Context><Resource name=\"jdbc/AppDB\" auth=\"Container\" type=\"javax.sql.DataSource\" "
                        + "driverClassName=\"org.postgresql.Driver\" url=\"jdbc:postgresql://127.0.0.1:5432/test\" "
                        + "username=\"postgres\"/></Context>").getBytes(StandardCharsets.UTF_8));
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/jwtauth.properties"));
            zip.write(Files.readAllBytes(APP.resolve("descriptor/jwtauth.properties")));
            try (InputStream in = Files.newInputStream(jarsFrom); ZipInputStream sample = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = sample.getNextEntry()) != null; ) {
                    // The sample brings slf4j-simple; a plain legacy WAR has no SLF4J provider of its own.
                    // With the container's pool, its driver is the container's business: not in the WAR.
                    if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")
                            && !entry.getName().startsWith("WEB-INF/lib/slf4j-simple")
                            && !(jndi && entry.getName().startsWith("WEB-INF/lib/postgresql"))) {
                        zip.putNextEntry(new ZipEntry(entry.getName()));
                        sample.transferTo(zip);
                    }
                }
            }
            if (logging == Logging.SLF4J_JDK14) {
                Path jdk14;
                try (Stream<Path> libs = Files.list(Path.of(System.getProperty("legacy.libs", "target/legacy-libs")))) {
                    jdk14 = libs.filter(lib -> lib.getFileName().toString().startsWith("slf4j-jdk14")).findFirst()
                            .orElseThrow(() -> new AssertionError("slf4j-jdk14 not copied to target/legacy-libs"));
                }
                zip.putNextEntry(new ZipEntry("WEB-INF/lib/" + jdk14.getFileName()));
                zip.write(Files.readAllBytes(jdk14));
            }
        }
        return war;
    }

    /** The application's pages (paths under {@code src/test/legacy-app}). */
    static final List<String> PAGES = List.of("index.jsp", "account/whoami.jsp", "admin/report.jsp");

    /**
     * The application's {@code web.xml} with the README's blocks, as written there: the filter, the init-param
     * that lets the container authenticate with it (inside the filter), and the error pages.
     */
    static String webXml(String webAppElement, java.util.function.UnaryOperator<String> descriptor, boolean jndi)
            throws IOException {
        String filter = ReadmeBlocks.xmlAfter("Next, add the filter to `web.xml`");
        String containerAuth = ReadmeBlocks.xmlAfter("With one more init-param the container authenticates");
        String errorPages = ReadmeBlocks.xmlAfter("with jwtauth's JSON (`403 forbidden`");
        if (jndi) {
            // The README's alternative: a container pool, declared in META-INF/context.xml (see assemble).
            filter = filter.replace("<param-name>jwtauth.jdbc.url</param-name>", "<param-name>jwtauth.jdbc.jndi</param-name>")
                    .replace("${env:JWTAUTH_DB_URL}", "java:comp/env/jdbc/AppDB");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + webAppElement + "\n"
                + descriptor.apply(Files.readString(APP.resolve("descriptor/legacy-app.xml")))
                + filter.replace("</filter>\n", containerAuth + "</filter>\n") + errorPages + "</web-app>\n";
    }

    static byte[] random(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
