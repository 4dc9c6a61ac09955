package io.jwtauth.filter;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthEventListener;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.spi.StoreProvider;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The filter's {@code init()}: everything is validated and built here, once, so that the request path only reads
 * what {@link RunningFilter} holds. The filter's own settings are checked before the service is built (a bad path
 * rule costs no database connection), and every refusal names its key.
 */
final class FilterStartup {
    // The filter's log category, which operators already filter on.
    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthFilter.class);
    /** Large enough for any real web.xml; the rest of a larger one is not read. */
    private static final int MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024;

    private FilterStartup() {
    }

    /**
     * Reads {@code web.xml}, resolves the settings (code, init parameters, config file), builds the service and the
     * filter's parts, and publishes them; a {@link ServletException} naming the bad key otherwise.
     */
    static RunningFilter start(FilterConfig config, Map<String, String> codeSettings, StoreProvider codeProvider,
                               List<AuthEventListener> codeListeners) throws ServletException {
        ServletContext context = config.getServletContext();
        warnIfLogIsDropped(context);
        try {
            byte[] descriptorBytes = null;
            if (context != null) {
                try (InputStream descriptor = context.getResourceAsStream("/WEB-INF/web.xml")) {
                    descriptorBytes = descriptor == null ? null : descriptor.readNBytes(MAX_DESCRIPTOR_BYTES);
                }
                WebXmlReferences.check(descriptorBytes == null ? null : new ByteArrayInputStream(descriptorBytes));
            }
            WebXmlDescriptor descriptor = WebXmlDescriptor.read(descriptorBytes);
            Map<String, String> raw = new HashMap<>(codeSettings);
            for (Enumeration<String> names = config.getInitParameterNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                raw.put(name, config.getInitParameter(name));
            }
            JwtAuth.Builder builder = JwtAuth.builder().settings(raw).hostKeys(FilterSettings.KEYS)
                    .containerThreads(ContainerThreads.maxThreads());
            if (context != null) {
                builder.webResources(context::getResourceAsStream); // jwtauth.config-file=/WEB-INF/…
            }
            if (codeProvider != null) {
                builder.provider(codeProvider);
            }
            codeListeners.forEach(builder::listener);
            Settings settings = builder.resolvedSettings();
            // The filter's own settings first: a bad path rule should not cost a database connection.
            FilterSettings filterSettings = FilterSettings.from(settings);
            AuthService service = builder.build();
            ErrorResponses errors = new ErrorResponses(filterSettings.realm());
            Endpoints endpoints = new Endpoints(service, filterSettings, errors, filterSettings.clientRequests(), Clock.systemUTC());
            JmxMetrics jmx = JmxMetrics.register(config.getFilterName(), service);
            ApplicationLogin applicationLogin = applicationLogin(filterSettings, descriptor, context, service, errors);
            ContainerAuthentication container = new ContainerAuthentication(service, filterSettings.bearerTokens(), errors,
                    filterSettings.endpointsBase(), applicationLogin, endpoints);
            if (filterSettings.containerAuth() && context != null && context.getAttribute(ContainerAuthentication.HANDLED) == null) {
                String message = descriptor.orderingLeavesJarsOut()
                        ? "jwtauth: " + FilterSettings.CONTAINER_AUTH + "=true, but web.xml's <absolute-ordering> leaves jwtauth's jar "
                        + "out, so the container never ran jwtauth's initializer: it does not authenticate bearer tokens and web.xml "
                        + "constraints let no one in. Add <others/> inside <absolute-ordering> (jwtauth's jar has no fragment name)"
                        : "jwtauth: " + FilterSettings.CONTAINER_AUTH + "=true, but the container did not see it before the "
                        + "filter started, so it does not authenticate bearer tokens and web.xml constraints let no one in: set it "
                        + "as an init-param of this filter in web.xml (not in jwtauth.config-file or in code); an embedded container "
                        + "needs its own adapter (see the README)";
                LOG.warn(message);
                context.log(message);
            }
            Runnable unpublish = context == null ? () -> { } : () -> ContainerAuthentication.unpublish(context, container);
            RunningFilter running = new RunningFilter(service, endpoints, errors, filterSettings.bearerTokens(),
                    filterSettings.pathRules(), jmx, container, unpublish);
            if (context != null) {
                // Lets the application reach the flow (metrics, logout-all from its own pages) without a static.
                context.setAttribute(AuthService.class.getName(), service);
                // And the container's security layer, when it authenticates bearer tokens (jwtauth.container-auth).
                container.publish(context);
            }
            AuthSettings authSettings = service.settings();
            LOG.info("jwtauth: filter ready; endpoints under {}, issuer '{}', {} key ({}); settings: {}",
                    filterSettings.endpointsBase(), authSettings.issuer(), authSettings.signingAlgorithm(),
                    authSettings.keySource(), settings.describe());
            return running;
        } catch (ConfigException e) {
            LOG.error("jwtauth: invalid configuration: {}", e.getMessage());
            throw new ServletException("jwtauth: invalid configuration: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ServletException("jwtauth: cannot read /WEB-INF/web.xml: " + e.getMessage(), e);
        }
    }

    /**
     * The application's own FORM or BASIC login, which jwtauth's module runs in container-enforced mode; {@code null}
     * without one. A login-config it cannot run, or a container where the module cannot run one, stops the start.
     */
    private static ApplicationLogin applicationLogin(FilterSettings settings, WebXmlDescriptor descriptor, ServletContext context,
                                                     AuthService service, ErrorResponses errors) {
        if (!settings.containerAuth()) {
            return null;
        }
        WebXmlDescriptor.LoginConfig login = descriptor.loginConfig(FilterSettings.CONTAINER_AUTH);
        if (login.method() == WebXmlDescriptor.LoginConfig.Method.NONE) {
            return null;
        }
        if (login.method() == WebXmlDescriptor.LoginConfig.Method.PROVIDER) {
            // Keycloak's adapters' login: the sign-in at the provider, which jwtauth.browser-login runs for page requests.
            if (settings.browserLogin() == null) {
                throw new ConfigException(FilterSettings.BROWSER_LOGIN, "must name the identity provider to sign in at: web.xml's "
                        + "<login-config> asks for a provider's login (KEYCLOAK or OIDC); set it to the <name> of the "
                        + "jwtauth.external.<name>.* keys that have a client-id");
            }
            LOG.info("jwtauth: web.xml's <login-config> asks for a provider's login: page requests without credentials to "
                    + "constrained resources go to {}'s sign-in", settings.browserLogin());
            return null;
        }
        if (context != null && context.getAttribute(ContainerAuthentication.HANDLED) != null
                && !Boolean.TRUE.equals(context.getAttribute(ContainerAuthentication.RUNS_LOGIN_CONFIG))) {
            throw new ConfigException(FilterSettings.CONTAINER_AUTH, "web.xml's <login-config> (" + login.method() + ") cannot be "
                    + "run by jwtauth in this container (" + context.getServerInfo() + "): its authentication hook cannot show a "
                    + "login page or a challenge. Tomcat 9 to 11 and Jetty 12 ee9 can; see the README's container matrix");
        }
        LOG.info("jwtauth: the application's {} login runs against jwtauth's identity store for requests without a token",
                login.method());
        return new ApplicationLogin(service, login, errors, settings.clientRequests());
    }

    /**
     * A plain WAR often has no SLF4J provider, and then every jwtauth line (a start-up failure, a missing table,
     * the audit log) is silently dropped. The servlet context log is the container's own, always written.
     */
    private static void warnIfLogIsDropped(ServletContext context) {
        if (context != null && LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            context.log("jwtauth: no SLF4J provider is bound, so jwtauth's log (start-up errors, the audit log) is dropped; "
                    + "add one to WEB-INF/lib, e.g. org.slf4j:slf4j-jdk14 to write to the container's log (see the README)");
        }
    }
}
