package io.jwtauth.filter.testing;

import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Users and settings shared by the filter tests. */
public final class Fixtures {
    public static final String SECRET = "filter-test-secret-0123456789abcdef";

    private Fixtures() {
    }

    public static InMemoryStores stores() {
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000)
                .addUser("1", "demo", "Demo User", "demo-password-1".toCharArray(), Set.of("Registered Users", "Subscribers"))
                .addUser("2", "admin", "Admin User", "admin-password-1".toCharArray(), Set.of("Administrators", "Registered Users"));
        return new InMemoryStores(users);
    }

    /**
     * A servlet context holding {@code attributes} and writing its log to {@code log}; it has no resources (no
     * {@code web.xml}); anything else it is asked fails the test.
     */
    public static ServletContext servletContext(Map<String, Object> attributes, List<String> log) {
        return servletContext(attributes, log, null);
    }

    /** The same, whose {@code /WEB-INF/web.xml} is {@code webXml} (none when null). */
    public static ServletContext servletContext(Map<String, Object> attributes, List<String> log, String webXml) {
        return (ServletContext) Proxy.newProxyInstance(Fixtures.class.getClassLoader(), new Class<?>[] {ServletContext.class},
                (self, call, args) -> switch (call.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getServerInfo" -> "TestContainer/1.0";
                    case "getResourceAsStream" -> webXml != null && "/WEB-INF/web.xml".equals(args[0])
                            ? new java.io.ByteArrayInputStream(webXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)) : null;
                    case "log" -> log.add((String) args[0]);
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }

    /** A filter's configuration as a container hands it over: these init parameters, this context (may be null). */
    public static FilterConfig filterConfig(Map<String, String> parameters, ServletContext context) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "jwtauth";
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    public static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("jwtauth.key.secret", SECRET);
        settings.put("jwtauth.issuer", "filter-test");
        settings.put("jwtauth.paths.public", "/api/public/*,/health");
        settings.put("jwtauth.paths.roles", "/api/admin/*=Administrators");
        return settings;
    }
}
