package io.jwtauth.filter.jaspic;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.filter.ContainerAuthentication;
import io.jwtauth.filter.ContainerErrorServlet;
import io.jwtauth.filter.JwtAuthFilter;
import io.jwtauth.filter.config.FilterSettings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers jwtauth's Jakarta Authentication module for this web application when its {@link JwtAuthFilter}
 * has {@code jwtauth.container-auth=true}, through the portable route ({@code AuthConfigFactory
 * .registerConfigProvider} for the {@code "HttpServlet"} layer and the application's context id), and serves
 * the container's 401/403 pages at {@link ContainerAuthentication#ERROR_PAGE} as jwtauth's JSON errors. Does
 * nothing otherwise. The registration is removed when the application stops. A container without the API
 * gets a warning: it must use an adapter to its own SPI.
 */
public final class ContainerAuthInitializer implements ServletContainerInitializer {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerAuthInitializer.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (!enabled(context)) {
            return;
        }
        context.setAttribute(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        boolean errorPageServed = context.getServletRegistrations().values().stream()
                .anyMatch(servlet -> servlet.getMappings().contains(ContainerAuthentication.ERROR_PAGE));
        if (!errorPageServed) {
            context.addServlet("jwtauth-container-errors", ContainerErrorServlet.class).addMapping(ContainerAuthentication.ERROR_PAGE);
        }
        // The profile's application context id: "<virtual server name> <context path>" (Tomcat: "localhost /app").
        String appContext = context.getVirtualServerName() + " " + context.getContextPath();
        try {
            context.addListener(new Unregister(Registration.register(appContext)));
            LOG.info("jwtauth: the container authenticates bearer tokens for '{}' through Jakarta Authentication", appContext);
        } catch (LinkageError missing) {
            // Jetty without its JASPI module: its own Authenticator SPI can use ContainerAuthentication (see the README).
            // Constraints stay closed meanwhile: a container with no authenticator lets no one into them.
            String message = "jwtauth: " + FilterSettings.CONTAINER_AUTH + "=true, but this container has no Jakarta Authentication "
                    + "(JASPIC) API visible to this web application (" + missing + "); it must authenticate bearer tokens through its own "
                    + "SPI (see the README, \"container-enforced security\")";
            LOG.warn(message);
            context.log(message);
        }
    }

    /** {@code jwtauth.container-auth} on the web application's jwtauth filter, resolved like every other setting. */
    private static boolean enabled(ServletContext context) {
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            if (JwtAuthFilter.class.getName().equals(filter.getClassName())) {
                String value = filter.getInitParameter(FilterSettings.CONTAINER_AUTH);
                if (value != null) {
                    try {
                        return Settings.of(Map.of(FilterSettings.CONTAINER_AUTH, value)).bool(FilterSettings.CONTAINER_AUTH, false);
                    } catch (ConfigException e) {
                        return false; // the filter's init() fails naming the key; nothing to register meanwhile
                    }
                }
            }
        }
        return false;
    }

    /** Kept apart so that the Jakarta Authentication API is linked only when the setting asks for it. */
    private static final class Registration {
        static String register(String appContext) {
            return jakarta.security.auth.message.config.AuthConfigFactory.getFactory().registerConfigProvider(
                    new BearerAuthConfigProvider(), BearerAuthConfigProvider.LAYER, appContext, "jwtauth bearer tokens");
        }

        static void remove(String registration) {
            jakarta.security.auth.message.config.AuthConfigFactory.getFactory().removeRegistration(registration);
        }
    }

    private record Unregister(String registration) implements ServletContextListener {
        @Override
        public void contextDestroyed(ServletContextEvent event) {
            Registration.remove(registration);
        }
    }
}
