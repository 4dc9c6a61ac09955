package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.sample.SampleFlow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #34: the sample WAR, unchanged, in a standalone WildFly 39 from the registry's distribution. As it comes, WildFly's
 * Elytron integrates Jakarta Authentication with its own realm (integrated-jaspi=true) and answered 500 to every
 * request with a token; now jwtauth sees that at start, says exactly what to run, and leaves its module out, so the
 * filter's whole flow works and the container's constraints stay closed. After the sample's
 * {@code servers/wildfly/setup.sh}, the container-enforced routes work too.
 */
class WildFlyIT {
    private static Path war() {
        return Path.of(System.getProperty("sample.target", "../sample-webapp/target"), "sample-webapp.war");
    }

    @Test
    void asItComesThenTheFilterWorksTheModuleStaysOutAndTheLogSaysWhatToRun(@TempDir Path base) throws Exception {
        try (StandaloneWildFly wildfly = StandaloneWildFly.start(war(), base, Map.of(), false)) {
            SampleFlow flow = wildfly.awaitUp();
            flow.runWholeFlow();
            assertTrue(wildfly.console().contains("has integrated-jaspi=true") && wildfly.console().contains("servers/wildfly/setup.sh"),
                    wildfly.console());
            JsonNode tokens = flow.login("demo", "demo-password-1");
            SampleFlow.Reply constrained = flow.call("GET", "/api/container/me", tokens.get("accessToken").asText(), null);
            assertTrue(constrained.status() == 401 || constrained.status() == 403, "the constraint stays closed, never a 500: "
                    + constrained.status());
        }
    }

    @Test
    void afterTheSetupScriptThenTheWholeFlowAndTheContainerRoutesWork(@TempDir Path base) throws Exception {
        try (StandaloneWildFly wildfly = StandaloneWildFly.start(war(), base, Map.of(), true)) {
            SampleFlow flow = wildfly.awaitUp();
            flow.runWholeFlow();
            flow.runContainerFlow();
            assertTrue(wildfly.console().contains("through Jakarta Authentication"), wildfly.console());
            assertEquals(200, flow.call("GET", "/api/public/ping", null, null).status());
        }
    }
}
