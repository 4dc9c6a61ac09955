package io.jwtauth.jetty.ee11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.filter.ContainerAuthentication;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

/** Installing the adapter: what it sets on a context, and the clear error for a context that cannot take it. */
class BearerAuthenticatorTest {
    @Test
    void installWhenContextHasSecurityThenAuthenticatorFilterNoticeAndErrorPageSet() {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SECURITY);
        BearerAuthenticator.install(context);
        assertInstanceOf(BearerAuthenticator.class, context.getSecurityHandler().getAuthenticator());
        assertEquals(BearerAuthenticator.class.getName(), context.getAttribute(ContainerAuthentication.HANDLED),
                "the filter learns the container enforces its constraints");
        assertTrue(java.util.Arrays.stream(context.getServletHandler().getServletMappings())
                .anyMatch(mapping -> java.util.Arrays.asList(mapping.getPathSpecs()).contains(ContainerAuthentication.ERROR_PAGE)),
                "jwtauth's error page is mapped");
        assertEquals("BEARER", new BearerAuthenticator().getAuthenticationType());
    }

    @Test
    void installWhenContextHasNoSecurityHandlerThenRefusedSayingHow() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> BearerAuthenticator.install(new ServletContextHandler()));
        assertTrue(refused.getMessage().contains("ServletContextHandler.SECURITY"), refused.getMessage());
    }
}
