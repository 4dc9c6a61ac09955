package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.filter.testing.Fixtures;
import jakarta.servlet.ServletContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code jwtauth.container-auth} given where the container cannot see it (a config file, code) leaves the
 * constraints closed; the filter says so in the container's log, unless something took charge of it.
 */
class ContainerAuthSettingTest {
    private final Map<String, Object> attributes = new HashMap<>();
    private final List<String> containerLog = new ArrayList<>();
    private final ServletContext context = Fixtures.servletContext(attributes, containerLog);

    private void start() throws Exception {
        JwtAuthFilter filter = JwtAuthFilter.builder().settings(Fixtures.settings()).setting("jwtauth.container-auth", "true")
                .provider(Fixtures.stores()).build();
        filter.init(Fixtures.filterConfig(Map.of(), context));
        filter.destroy();
    }

    @Test
    void initWhenContainerAuthNobodyHandledThenTheContainerLogSaysWhereToSetIt() throws Exception {
        start();
        assertEquals(1, containerLog.stream().filter(line -> line.contains("jwtauth.container-auth=true, but the container did not see it")).count(),
                containerLog.toString());
        assertTrue(containerLog.get(0).contains("init-param of this filter in web.xml"));
    }

    @Test
    void initWhenContainerAuthHandledThenNoWarning() throws Exception {
        attributes.put(ContainerAuthentication.HANDLED, "an adapter");
        start();
        assertTrue(containerLog.stream().noneMatch(line -> line.contains("container did not see it")), containerLog.toString());
    }
}
