package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The application context id the module is registered for must be the one the container asks the factory
 * about, or the container never finds the module and the constraints stay closed. The Servlet Container
 * Profile says {@code getVirtualServerName() + " " + getContextPath()} (Tomcat); Jetty 12's
 * {@code JaspiAuthenticatorFactory} uses its first virtual host, else {@code "server"}, and {@code "/"} for the
 * root context.
 */
class ApplicationContextIdTest {
    private static ServletContext context(String serverInfo, String virtualServerName, String contextPath) {
        return (ServletContext) Proxy.newProxyInstance(ApplicationContextIdTest.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (self, call, args) -> switch (call.getName()) {
                    case "getServerInfo" -> serverInfo;
                    case "getVirtualServerName" -> virtualServerName;
                    case "getContextPath" -> contextPath;
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }

    @Test
    void tomcatWhenRootOrNamedContextThenTheProfilesId() {
        assertEquals(List.of("Catalina/localhost "), ContainerAuthInitializer.applicationContextIds(context("Apache Tomcat/11.0.14", "Catalina/localhost", "")));
        assertEquals(List.of("Catalina/localhost /app"),
                ContainerAuthInitializer.applicationContextIds(context("Apache Tomcat/9.0.98", "Catalina/localhost", "/app")));
    }

    @Test
    void jettyWhenNoVirtualHostThenServerAndSlashForTheRoot() {
        assertEquals(List.of("server /"), ContainerAuthInitializer.applicationContextIds(context("jetty/12.1.0", null, "")));
        assertEquals(List.of("server /app"), ContainerAuthInitializer.applicationContextIds(context("jetty/12.1.0", null, "/app")));
    }

    @Test
    void jettyWhenVirtualHostThenItAndBothSpellingsOfTheRoot() {
        assertEquals(List.of("example.com ", "example.com /"),
                ContainerAuthInitializer.applicationContextIds(context("jetty/12.1.0", "example.com", "")));
        assertEquals(List.of("example.com /app"), ContainerAuthInitializer.applicationContextIds(context("jetty/12.1.0", "example.com", "/app")));
    }
}
