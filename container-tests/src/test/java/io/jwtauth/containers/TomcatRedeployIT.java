package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.sample.SampleFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * #34 item 5: undeploying the sample WAR from a standalone Tomcat leaves nothing behind. Tomcat warned at every undeploy
 * that the application registered JDBC drivers it did not deregister (finding the driver for the URL loads every one in
 * {@code WEB-INF/lib}) and started a thread it did not stop (JNA's cleaner, for libargon2's memory); it checks both
 * when an application stops, and says so in its log.
 */
class TomcatRedeployIT {
    private static final Path SAMPLE_TARGET = Path.of(System.getProperty("sample.target", "../sample-webapp/target"));

    static Stream<Arguments> containers() {
        return Stream.of(Arguments.of(System.getProperty("tomcat11.dist.version"), "sample-webapp.war"),
                Arguments.of(System.getProperty("tomcat9.dist.version"), "sample-webapp-javax.war"));
    }

    @ParameterizedTest(name = "Tomcat {0} with {1}")
    @MethodSource("containers")
    void undeployAfterLoginsThenTomcatFindsNoLeakedDriverOrThread(String version, String warName, @TempDir Path base) throws Exception {
        try (StandaloneTomcat tomcat = StandaloneTomcat.start(version, SAMPLE_TARGET.resolve(warName), base.resolve("tomcat"),
                Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString()))) {
            SampleFlow flow = tomcat.awaitUp();
            flow.runWholeFlow(); // logins: argon2 through libargon2 (JNA) and the drivers loaded
            Files.delete(base.resolve("tomcat/webapps/ROOT.war")); // Tomcat's auto-deploy undeploys it within seconds
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!tomcat.console().contains("Undeploying deployment descriptor") && !tomcat.console().contains("Undeploying context")
                    && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(3000); // Tomcat's leak checks run as the context stops
            String console = tomcat.console();
            assertTrue(console.contains("Undeploying"), "Tomcat undeployed the application:\n" + console);
            assertFalse(console.contains("failed to unregister it"), "a JDBC driver was left registered:\n" + console);
            assertFalse(console.contains("appears to have started a thread named"), "a thread was left running:\n" + console);
        }
    }
}
