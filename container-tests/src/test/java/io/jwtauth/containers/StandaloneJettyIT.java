package io.jwtauth.containers;

import io.jwtauth.sample.SampleFlow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's WARs, unchanged, in a standalone Jetty 12 ({@code jetty-home}), one environment per test, in
 * filter mode: ee10 and ee9 (Servlet 5.0, the oldest the jakarta jar claims) with the jakarta WAR, ee8 with the
 * javax WAR. Standalone Jetty does not authenticate through jwtauth's module (see the README's container
 * matrix), so the sample's container-enforced routes must stay closed there: nobody gets in.
 */
class StandaloneJettyIT {
    private static final String VERSION = System.getProperty("jetty.dist.version");

    private static Map<String, String> environment(Path base) {
        return Map.of("JWTAUTH_DATA_DIR", base.resolve("data").toString());
    }

    @Test
    void ee10WhenJakartaWarThenWholeFlowAndConstraintsStayClosed(@TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", "ee10-deploy", "ee10-annotations");
        try (StandaloneJetty jetty = StandaloneJetty.start(VERSION, modules, StandaloneTomcatIT.war("sample-webapp.war"),
                base.resolve("jetty"), environment(base))) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            flow.assertContainerRoutesClosed();
        }
    }

    @Test
    void ee9WhenJakartaWarThenWholeFlowAndConstraintsStayClosed(@TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", "ee9-deploy", "ee9-annotations");
        try (StandaloneJetty jetty = StandaloneJetty.start(VERSION, modules, StandaloneTomcatIT.war("sample-webapp.war"),
                base.resolve("jetty"), environment(base))) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            flow.assertContainerRoutesClosed();
        }
    }

    @Test
    void ee8WhenJavaxWarThenWholeFlowAndConstraintsStayClosed(@TempDir Path base) throws Exception {
        List<String> modules = List.of("server", "http", "ee8-deploy", "ee8-annotations");
        try (StandaloneJetty jetty = StandaloneJetty.start(VERSION, modules, StandaloneTomcatIT.war("sample-webapp-javax.war"),
                base.resolve("jetty"), environment(base))) {
            SampleFlow flow = jetty.awaitUp();
            flow.runWholeFlow();
            flow.assertContainerRoutesClosed();
        }
    }
}
