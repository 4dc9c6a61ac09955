package io.jwtauth.filter;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        Object adapter = context.getAttribute(ContainerAuthentication.HANDLED);
        context.setAttribute(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        boolean errorPageServed = context.getServletRegistrations().values().stream()
                .anyMatch(servlet -> servlet.getMappings().contains(ContainerAuthentication.ERROR_PAGE));
        if (!errorPageServed) {
            context.addServlet("jwtauth-container-errors", ContainerErrorServlet.class).addMapping(ContainerAuthentication.ERROR_PAGE);
        }
        if (adapter != null) {
            // An adapter to the container's own SPI took charge before us (Jetty ee8's jetty-ee8-web.xml).
            LOG.info("jwtauth: the container authenticates bearer tokens through its own SPI (set up by {})", adapter);
            return;
        }
        String integrated = WildFlyDomains.integratedDomain(context);
        if (integrated != null) {
            // The filter still authenticates tokens; only the container's constraints stay closed.
            String message = WildFlyDomains.message(integrated);
            LOG.error(message);
            context.log(message);
            return;
        }
        List<String> appContexts = applicationContextIds(context);
        // Jetty 12 from ee10 on (Servlet 6) departs from the profile; its ee9 (Servlet 5) follows it.
        BearerAuthModule.Host host = isJetty(context) && context.getMajorVersion() >= 6 ? BearerAuthModule.Host.JETTY_CORE
                : BearerAuthModule.Host.PROFILE;
        try {
            List<String> registrations = new ArrayList<>(appContexts.size());
            for (String appContext : appContexts) {
                registrations.add(Registration.register(appContext, host));
            }
            context.addListener(new Unregister(List.copyOf(registrations)));
            if (host == BearerAuthModule.Host.PROFILE) {
                context.setAttribute(ContainerAuthentication.RUNS_LOGIN_CONFIG, Boolean.TRUE);
            }
            LOG.info("jwtauth: the container authenticates bearer tokens for {} through Jakarta Authentication", appContexts);
        } catch (LinkageError missing) {
            // Jetty without its JASPI module, or hiding the API from web applications (it does by default), or Jetty's
            // ee8 (which has no JASPI). Constraints stay closed meanwhile: a container with no authenticator lets no one in.
            String message = "jwtauth: " + FilterSettings.CONTAINER_AUTH + "=true, but this container has no Jakarta Authentication "
                    + "(JASPIC) API visible to this web application (" + missing + "); on Jetty, enable its eeN-jaspi module and "
                    + "WEB-INF/jetty-web.xml must un-hide the API; elsewhere an adapter to the container's own SPI must authenticate "
                    + "bearer tokens (see the README, \"container-enforced security\")";
            LOG.warn(message);
            context.log(message);
        }
    }

    /**
     * The application context ids the container will ask the factory about: the profile's
     * {@code "<virtual server name> <context path>"} (Tomcat: {@code "Catalina/localhost /app"}), and on Jetty
     * the id its {@code JaspiAuthenticatorFactory} builds instead: its first virtual host or {@code "server"},
     * and {@code "/"} for the root context. A wrong id is silent (the container finds no module), hence both.
     */
    static List<String> applicationContextIds(ServletContext context) {
        String server = context.getVirtualServerName();
        String path = context.getContextPath();
        List<String> ids = new ArrayList<>(2);
        if (server != null) {
            ids.add(server + " " + path);
        }
        if (isJetty(context)) {
            String jetty = (server != null ? server : "server") + " " + (path.isEmpty() ? "/" : path);
            if (!ids.contains(jetty)) {
                ids.add(jetty);
            }
        }
        return ids;
    }

    private static boolean isJetty(ServletContext context) {
        String info = context.getServerInfo();
        return info != null && info.toLowerCase(Locale.ROOT).startsWith("jetty");
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
        static String register(String appContext, BearerAuthModule.Host host) {
            return jakarta.security.auth.message.config.AuthConfigFactory.getFactory().registerConfigProvider(
                    new BearerAuthConfigProvider(host), BearerAuthConfigProvider.LAYER, appContext,
                    "jwtauth bearer tokens");
        }

        static void remove(String registration) {
            jakarta.security.auth.message.config.AuthConfigFactory.getFactory().removeRegistration(registration);
        }
    }

    private record Unregister(List<String> registrations) implements ServletContextListener {
        @Override
        public void contextDestroyed(ServletContextEvent event) {
            registrations.forEach(Registration::remove);
        }
    }
}
