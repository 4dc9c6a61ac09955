package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.sample.SampleFlow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #34: the sample WAR, unchanged, in a standalone Payara Server 6 from the registry's distribution, deployed by copying
 * it into {@code autodeploy} with no setup (Payara needs none): the whole flow through the filter, and the
 * container-enforced routes through jwtauth's Jakarta Authentication module.
 */
class PayaraIT {
    @Test
    void droppedIntoAutodeployThenTheWholeFlowAndTheContainerRoutesWork(@TempDir Path base) throws Exception {
        Path war = Path.of(System.getProperty("sample.target", "../sample-webapp/target"), "sample-webapp.war");
        try (StandalonePayara payara = StandalonePayara.start(war, base, Map.of())) {
            SampleFlow flow = payara.awaitUp();
            flow.runWholeFlow();
            flow.runContainerFlow();
            assertTrue(payara.console().contains("through Jakarta Authentication"), payara.console());
        }
    }
}
