package io.jwtauth.filter.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.testing.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The filter's layering on its compiled classes: {@code JwtAuthFilter} on top, the parts below it, and nothing
 * below pointing back up (the settings used to live beside the filter and were read by the parts it uses).
 * The container adapter ({@code jaspic}; Jetty's own SPI has modules of its own) sits above the top package: it
 * uses the public API, and nothing uses it (the container finds it through a service file).
 */
class FilterArchitectureTest {
    private static final Set<String> ADAPTERS = Set.of("io.jwtauth.filter.jaspic");
    private final PackageGraph graph = PackageGraph.of(Path.of("target/classes"), "io.jwtauth.filter");

    @Test
    void noPackageCycles() {
        assertEquals(List.of(), graph.cycles());
    }

    @Test
    void onlyTheTopPackageAssemblesTheParts() {
        assertTrue(graph.dependsOn("io.jwtauth.filter", "io.jwtauth.filter.endpoints"), graph.packages().toString());
        assertTrue(graph.packages().containsAll(ADAPTERS), "the adapter is compiled in: " + graph.packages());
        for (String part : graph.packages()) {
            for (String adapter : ADAPTERS) {
                assertFalse(!part.equals(adapter) && graph.dependsOn(part, adapter), part + " uses the container adapter " + adapter);
            }
            if (!ADAPTERS.contains(part)) {
                assertFalse(graph.dependsOn(part, "io.jwtauth.filter"), part + " uses the top package");
            }
        }
        assertFalse(graph.dependsOn("io.jwtauth.filter.internal", "io.jwtauth.filter.config"));
    }
}
