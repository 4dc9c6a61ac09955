package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.sample.SampleFlow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample's WARs, unchanged, in a standalone Jetty 12 ({@code jetty-home}), one environment per test.
 * With the environment's JASPI module on (ee9, the oldest Servlet the jakarta jar claims, to ee11), the
 * container authenticates through jwtauth's module, as Tomcat does, and enforces the {@code web.xml}
 * constraints. Without it (filter mode) those constraints stay closed: nobody gets in, while the filter's own
 * rules work. On ee8, which has no JASPI in Jetty 12, the javax WAR installs jwtauth's adapter to Jetty's own
 * {@code Authenticator} SPI from {@code WEB-INF/jetty-ee8-web.xml}.
 */
class StandaloneJettyIT {
    private static final String VERSION = System.getProperty("jetty.dist.version");

    /** The jakarta WAR's environments without their JASPI modules: filter mode. */
    static Stream<Arguments> environments() {
        return Stream.of(Arguments.of("ee10", "sample-webapp.war"), Arguments.of("ee9", "sample-webapp.war"));
    }

    @ParameterizedTest(name = "Jetty {0} with {1}")
    @MethodSource("environments")
    void warWhenDeployedThenWholeFlowAndConstraintsStayClosed(String environment, String warName, @TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", environment + "-deploy", environment + "-annotations");
        try (StandaloneJetty jetty = start(modules, warName, base)) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            flow.assertContainerRoutesClosed();
            // Without the module there is no API to register with: the log says what to do.
            assertTrue(jetty.console().contains("enable its eeN-jaspi module"), jetty.console());
        }
    }

    @ParameterizedTest(name = "Jetty ee8 with {0}")
    @ValueSource(strings = {"sample-webapp-javax.war"})
    void javaxWarOnEe8ThenJettysOwnSpiThroughTheAdapterEnforcesTheConstraints(String warName, @TempDir Path base) throws Exception {
        // ee8 has no JASPI in Jetty 12: the WAR's jetty-ee8-web.xml installs jwtauth's Authenticator adapter.
        List<String> modules = List.of("server", "http", "ee8-deploy", "ee8-annotations");
        try (StandaloneJetty jetty = start(modules, warName, base)) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            flow.runContainerFlow();
            assertTrue(jetty.console().contains("through its own SPI (set up by WEB-INF/jetty-ee8-web.xml)"), jetty.console());
        }
    }

    @ParameterizedTest(name = "Jetty {0} with its JASPI module")
    @ValueSource(strings = {"ee9", "ee10", "ee11"})
    void jakartaWarWhenJaspiModuleOnThenTheContainerEnforcesTheConstraints(String environment, @TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", environment + "-deploy", environment + "-annotations",
                environment + "-jaspi-default-auth-config-factory", environment + "-jaspi");
        try (StandaloneJetty jetty = start(modules, "sample-webapp.war", base)) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            // From ee10 on, Jetty shows its own page, not the <error-page>, for a missing role (Jetty issue 15809).
            flow.runContainerFlow(environment.equals("ee9"));
            assertTrue(jetty.console().contains("through Jakarta Authentication"), jetty.console());
        }
    }

    @Test
    void headerCacheOffAsTheReadmeSaysThenTokensReachTheFilterByteForByte(@TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", "ee11-deploy", "ee11-annotations");
        try (StandaloneJetty jetty = StandaloneJetty.start(VERSION, modules, StandaloneTomcatIT.war("sample-webapp.war"),
                base.resolve("jetty"), Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString()),
                List.of("jetty.httpConfig.headerCacheSize=0"))) {
            jetty.awaitUp().assertTokenReachesTheFilterByteForByte();
        }
    }

    private static StandaloneJetty start(List<String> modules, String warName, Path base) throws Exception {
        return StandaloneJetty.start(VERSION, modules, StandaloneTomcatIT.war(warName), base.resolve("jetty"),
                Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString()));
    }
}
