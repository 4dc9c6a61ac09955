package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.sample.SampleFlow;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Spring MVC application secured by Spring Security, configured in {@code web.xml}, gains jwtauth as the README
 * says (installation through the BOM, its filter block, then its Spring Security blocks): Spring Security sees
 * jwtauth's user and roles through pre-authentication and enforces its own rules with them; logout and revocation
 * hold because Spring keeps no session. Spring Security 5.8 (javax) on Tomcat 9, 6.5 (jakarta) on Tomcat 10.1.
 */
class SpringSecurityIT {
    private static final Path APP = Path.of("src/test/spring-app");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> applications() {
        return Stream.of(
                Arguments.of("5.8", System.getProperty("tomcat9.dist.version"), true,
                        System.getProperty("spring5.security.version"), System.getProperty("spring5.version")),
                Arguments.of("6.5", System.getProperty("tomcat10.dist.version"), false,
                        System.getProperty("spring6.security.version"), System.getProperty("spring6.version")));
    }

    @ParameterizedTest(name = "Spring Security {0} on Tomcat {1}")
    @MethodSource("applications")
    void springSecurityWhenJwtauthRunsFirstThenItSeesTheUserAndRolesAndLogoutHolds(String line, String tomcat, boolean javax,
            String securityVersion, String springVersion, @TempDir Path base) throws Exception {
        Path project = application(base.resolve("shop"), javax, securityVersion, springVersion);
        ConsumerProject.packageWar(project, base);

        String dbUrl = "jdbc:h2:file:" + base.resolve("db/legacy").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        LegacyWarIT.createLegacyUsers(dbUrl);
        LegacyWarIT.runSchemaCommand(dbUrl);
        try (StandaloneTomcat container = StandaloneTomcat.start(tomcat, project.resolve("target/shop.war"), base.resolve("tomcat"),
                Map.of("JWTAUTH_SECRET", HexFormat.of().formatHex(LegacyWarIT.random(32)), "JWTAUTH_DB_URL", dbUrl))) {
            SampleFlow flow = container.awaitUp("/index.html");
            Browserless client = new Browserless(container.baseUrl());

            // No token: Spring Security's own refusal (its entry point for pre-authentication is a 403).
            assertEquals(403, client.get("/shop/whoami", null).statusCode());

            JsonNode alice = flow.login("alice", "alice-password-1");
            String aliceToken = alice.get("accessToken").asText();
            HttpResponse<String> whoami = client.get("/shop/whoami", aliceToken);
            assertEquals(200, whoami.statusCode(), whoami.body());
            JsonNode seen = JSON.readTree(whoami.body());
            assertEquals("alice", seen.get("user").asText(), "Spring's Authentication is jwtauth's user");
            assertEquals("ROLE_Administrators,ROLE_manager,ROLE_user", seen.get("authorities").asText(),
                    "jwtauth's roles, as far as mappable-roles names them, as Spring authorities");
            assertEquals("alice", seen.get("remoteUser").asText());
            assertTrue(seen.get("manager").asBoolean(), "isUserInRole through Spring's request wrapper");
            assertNotEquals("", seen.get("userId").asText(), "JwtAuthFilter.currentUser under Spring's wrapper");
            boolean session = whoami.headers().allValues("Set-Cookie").stream().anyMatch(cookie -> cookie.startsWith("JSESSIONID"));
            // Spring Security 6's pre-authentication filter saves the user in a session whatever create-session says
            // (the README says so); it is never read back, as the end of this test shows. 5.8 creates none.
            assertEquals(line.equals("6.5"), session, "a session cookie: " + whoami.headers().allValues("Set-Cookie"));
            assertEquals(200, client.get("/shop/admin/report", aliceToken).statusCode(), "hasRole('Administrators')");

            JsonNode bob = flow.login("bob", "bob-password-1");
            HttpResponse<String> bobReport = client.get("/shop/admin/report", bob.get("accessToken").asText());
            assertEquals(403, bobReport.statusCode(), "Spring's rule, with jwtauth's roles: bob is no Administrator");
            assertEquals(200, client.get("/shop/whoami", bob.get("accessToken").asText()).statusCode());

            // Logout ends alice's session: Spring no longer sees her, with her token or with the session cookie it set.
            assertEquals(200, flow.call("POST", "/auth/logout", aliceToken, null).status());
            assertEquals(403, client.get("/shop/whoami", aliceToken).statusCode(), "a revoked token: anonymous to Spring");
            assertEquals(403, client.get("/shop/whoami", null).statusCode());
        }
    }

    /** The application's Maven project: the README's installation block, Spring, and the README's web.xml blocks. */
    private static Path application(Path project, boolean javax, String securityVersion, String springVersion) throws Exception {
        List<ConsumerProject.Library> libraries = List.of(ConsumerProject.h2(), ConsumerProject.slf4jJdk14(),
                ConsumerProject.Library.of(javax ? "javax.servlet:javax.servlet-api:4.0.1:provided"
                        : "jakarta.servlet:jakarta.servlet-api:5.0.0:provided"),
                ConsumerProject.Library.of("org.springframework:spring-webmvc:" + springVersion),
                ConsumerProject.Library.of("org.springframework.security:spring-security-web:" + securityVersion),
                ConsumerProject.Library.of("org.springframework.security:spring-security-config:" + securityVersion));
        Files.createDirectories(project);
        Files.writeString(project.resolve("pom.xml"), ConsumerProject.pom("shop", javax, libraries));

        String controller = Files.readString(APP.resolve("src/shop/ShopController.java"));
        Path sources = Files.createDirectories(project.resolve("src/main/java/shop"));
        Files.writeString(sources.resolve("ShopController.java"), javax ? controller : controller.replace("javax.servlet", "jakarta.servlet"));

        Path webInf = Files.createDirectories(project.resolve("src/main/webapp/WEB-INF"));
        Files.copy(APP.resolve("index.html"), webInf.resolveSibling("index.html"));
        Files.copy(APP.resolve("descriptor/shop-servlet.xml"), webInf.resolve("shop-servlet.xml"));
        Files.copy(LegacyWarIT.APP.resolve("descriptor/jwtauth.properties"), webInf.resolve("jwtauth.properties"));
        Files.writeString(webInf.resolve("security.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + ReadmeBlocks.xmlAfter("names the roles Spring should ask about"));
        String webApp = javax ? "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\">"
                : "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">";
        // In this order, as the README says: jwtauth's filter and mapping, then Spring Security's, then the servlet.
        Files.writeString(webInf.resolve("web.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + webApp + "\n"
                + ReadmeBlocks.xmlAfter("Next, add the filter to `web.xml`")
                + ReadmeBlocks.xmlAfter("with these blocks:")
                + Files.readString(APP.resolve("descriptor/shop.xml")) + "</web-app>\n");
        return project;
    }

    /** Requests as an API client makes them, keeping any cookie the application sets (there should be none). */
    private record Browserless(String base, HttpClient client) {
        Browserless(String base) {
            this(base, HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build());
        }

        HttpResponse<String> get(String path, String bearer) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
