package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * its own users and roles tables with bcrypt hashes) gains jwtauth the way the README says: the jars in
 * {@code WEB-INF/lib}, the filter and its settings in {@code web.xml}. Its constraints and
 * {@code isUserInRole} then work with bearer tokens, unchanged, in a standalone Tomcat 11 (jakarta jars) and
 * Tomcat 9 (javax jars).
 */
class LegacyWarIT {
    private static final Path APP = Path.of("src/test/legacy-app");

    static Stream<Arguments> containers() {
        return Stream.of(
                Arguments.of(System.getProperty("tomcat11.dist.version"), "sample-webapp.war",
                        "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">"),
                Arguments.of(System.getProperty("tomcat9.dist.version"), "sample-webapp-javax.war",
                        "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\">"));
    }

    @ParameterizedTest(name = "Tomcat {0}")
    @MethodSource("containers")
    void legacyAppWhenJwtauthAddedThenItsOwnConstraintsHoldWithTokens(String version, String jarsFrom, String webApp,
            @TempDir Path base) throws Exception {
        String dbUrl = "jdbc:h2:file:" + base.resolve("db/legacy").toAbsolutePath();
        createLegacyUsers(dbUrl);
        Path war = assemble(base.resolve("legacy.war"), webApp, StandaloneTomcatIT.war(jarsFrom));
        Map<String, String> environment = Map.of("LEGACY_JWT_SECRET", HexFormat.of().formatHex(random(32)), "LEGACY_DB_URL", dbUrl);
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, war, base.resolve("tomcat"), environment)) {
            SampleFlow flow = tomcat.awaitUp("/index.jsp");
            SampleFlow.Reply anonymous = flow.call("GET", "/account/whoami.jsp", null, null);
            assertEquals(401, anonymous.status());
            assertEquals("no-token", anonymous.body().get("error").asText());

            JsonNode alice = flow.login("alice", "alice-password-1");
            SampleFlow.Reply whoami = flow.call("GET", "/account/whoami.jsp", alice.get("accessToken").asText(), null);
            assertEquals(200, whoami.status(), String.valueOf(whoami.body()));
            assertEquals("alice", whoami.body().get("user").asText());
            assertTrue(whoami.body().get("manager").asBoolean(), "isUserInRole from the app's roles table");
            assertEquals(200, flow.call("GET", "/admin/report.jsp", alice.get("accessToken").asText(), null).status());

            JsonNode bob = flow.login("bob", "bob-password-1");
            SampleFlow.Reply bobAdmin = flow.call("GET", "/admin/report.jsp", bob.get("accessToken").asText(), null);
            assertEquals(403, bobAdmin.status());
            assertEquals("forbidden", bobAdmin.body().get("error").asText());
            assertEquals(false, flow.call("GET", "/account/whoami.jsp", bob.get("accessToken").asText(), null)
                    .body().get("manager").asBoolean());

            SampleFlow.Reply inactive = flow.call("POST", "/auth/login", null, "{\"u\":\"carol\",\"p\":\"carol-password-1\"}");
            assertEquals(401, inactive.status());
            assertEquals("bad-credentials", inactive.body().get("error").asText());
            assertEquals(200, flow.call("GET", "/index.jsp", null, null).status(), "unconstrained pages stay open");
        }
    }

    /** The application's own tables, as it had them before jwtauth: bcrypt hashes, an active flag, a roles table. */
    private static void createLegacyUsers(String url) throws SQLException {
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
                    + "('bob', 'user'), ('carol', 'user')");
        }
    }

    /**
     * The legacy WAR with jwtauth added: its JSPs, its {@code web.xml} with the jwtauth additions, and in
     * {@code WEB-INF/lib} the jars of the sample's WAR (jwtauth and what it needs, drivers included).
     */
    private static Path assemble(Path war, String webAppElement, Path jarsFrom) throws IOException {
        String webXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + webAppElement + "\n"
                + Files.readString(APP.resolve("descriptor/legacy-security.xml"))
                + Files.readString(APP.resolve("descriptor/jwtauth-additions.xml")) + "</web-app>\n";
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String page : List.of("index.jsp", "account/whoami.jsp", "admin/report.jsp")) {
                zip.putNextEntry(new ZipEntry(page));
                zip.write(Files.readAllBytes(APP.resolve(page)));
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(webXml.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(jarsFrom); ZipInputStream sample = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = sample.getNextEntry()) != null; ) {
                    if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                        zip.putNextEntry(new ZipEntry(entry.getName()));
                        sample.transferTo(zip);
                    }
                }
            }
        }
        return war;
    }

    private static byte[] random(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
