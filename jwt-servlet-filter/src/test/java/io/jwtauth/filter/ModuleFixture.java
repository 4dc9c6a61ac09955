package io.jwtauth.filter;

import io.jwtauth.filter.testing.Fixtures;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A web application whose jwtauth filter runs in container-enforced mode with jwtauth's module in charge (the
 * initializer's attributes set), as the module's tests need it: its context, the filter's lifecycle, and GET requests
 * of a given shape; registered with {@code @RegisterExtension}, it starts the filter before each test and stops it after.
 * Not thread-safe; one per test.
 */
final class ModuleFixture implements BeforeEachCallback, AfterEachCallback {
    private final Map<String, Object> attributes = new HashMap<>();
    final ServletContext context;
    private final JwtAuthFilter filter;

    ModuleFixture(String webXml, Map<String, String> settings) {
        this.context = Fixtures.servletContext(attributes, new ArrayList<>(), webXml);
        this.filter = JwtAuthFilter.builder().settings(Fixtures.settings()).settings(settings).setting("jwtauth.container-auth", "true")
                .provider(Fixtures.stores()).build();
    }

    @Override
    public void beforeEach(ExtensionContext test) throws Exception {
        attributes.put(ContainerAuthentication.HANDLED, ContainerAuthInitializer.class.getName());
        attributes.put(ContainerAuthentication.RUNS_LOGIN_CONFIG, Boolean.TRUE);
        filter.init(Fixtures.filterConfig(Map.of(), context));
    }

    @Override
    public void afterEach(ExtensionContext test) {
        filter.destroy();
    }

    ContainerAuthentication running() {
        return ContainerAuthentication.of(context);
    }

    /**
     * A GET from 127.0.0.1 with these headers (absent ones null), to {@code servletPath}; {@code requestUri},
     * {@code contextPath} and {@code query} as the container would report them (each may be null).
     */
    HttpServletRequest get(Map<String, String> headers, String servletPath, String requestUri, String contextPath, String query) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (self, call, args) -> switch (call.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getServletContext" -> context;
                    case "getServletPath" -> servletPath;
                    case "getRequestURI" -> requestUri;
                    case "getContextPath" -> contextPath;
                    case "getQueryString" -> query;
                    case "getPathInfo", "getCookies", "getContentType", "getUserPrincipal" -> null;
                    case "getMethod" -> "GET";
                    case "getRemoteAddr" -> "127.0.0.1";
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }
}
