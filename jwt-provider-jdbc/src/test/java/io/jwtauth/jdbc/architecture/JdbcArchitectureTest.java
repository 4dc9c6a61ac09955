package io.jwtauth.jdbc.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.testing.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDBC provider's layering on its compiled classes: {@code JdbcStores} assembles, the parts never call up. */
class JdbcArchitectureTest {
    private final PackageGraph graph = PackageGraph.of(Path.of("target/classes"), "io.jwtauth.jdbc");

    @Test
    void noPackageCycles() {
        assertEquals(List.of(), graph.cycles());
    }

    @Test
    void thePartsNeverUseTheAssembly() {
        assertTrue(graph.dependsOn("io.jwtauth.jdbc", "io.jwtauth.jdbc.sessions"), graph.packages().toString());
        for (String part : graph.packages()) {
            assertFalse(graph.dependsOn(part, "io.jwtauth.jdbc"), part + " uses the top package");
        }
    }
}
