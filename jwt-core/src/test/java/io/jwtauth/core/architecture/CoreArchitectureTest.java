package io.jwtauth.core.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.testing.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Core's layering, checked on the compiled classes: no package cycles, and the SPI below the flow. */
class CoreArchitectureTest {
    private final PackageGraph graph = PackageGraph.of(Path.of("target/classes"), "io.jwtauth.core");

    @Test
    void noPackageCycles() {
        assertEquals(List.of(), graph.cycles());
    }

    @Test
    void theFlowBuildsOnTheSpiAndTheTokenLayerNotTheOtherWayRound() {
        assertTrue(graph.dependsOn("io.jwtauth.core.flow", "io.jwtauth.core.spi"), graph.packages().toString());
        assertTrue(graph.dependsOn("io.jwtauth.core.flow", "io.jwtauth.core.tokens"));
        assertTrue(!graph.dependsOn("io.jwtauth.core.spi", "io.jwtauth.core.flow"));
        assertTrue(!graph.dependsOn("io.jwtauth.core.tokens", "io.jwtauth.core.flow"));
    }
}
