package io.jwtauth.containers;

import io.jwtauth.sample.SampleFlow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's WARs, unchanged, in a standalone Jetty 12 ({@code jetty-home}), one environment per test, in
 * filter mode: ee10 and ee9 (Servlet 5.0, the oldest the jakarta jar claims) with the jakarta WAR, ee8 with the
 * javax WAR. Standalone Jetty does not authenticate through jwtauth's module (see the README's container
 * matrix), so the sample's container-enforced routes must stay closed there: nobody gets in.
 */
class StandaloneJettyIT {
    private static final String VERSION = System.getProperty("jetty.dist.version");

    /** Each environment with the WAR made for its namespace, in filter mode (no JASPI modules). */
    static Stream<Arguments> environments() {
        return Stream.of(Arguments.of("ee10", "sample-webapp.war"), Arguments.of("ee9", "sample-webapp.war"),
                Arguments.of("ee8", "sample-webapp-javax.war"));
    }

    @ParameterizedTest(name = "Jetty {0} with {1}")
    @MethodSource("environments")
    void warWhenDeployedThenWholeFlowAndConstraintsStayClosed(String environment, String warName, @TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", environment + "-deploy", environment + "-annotations");
        try (StandaloneJetty jetty = StandaloneJetty.start(VERSION, modules, StandaloneTomcatIT.war(warName), base.resolve("jetty"),
                Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString()))) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            flow.assertContainerRoutesClosed();
        }
    }
}
