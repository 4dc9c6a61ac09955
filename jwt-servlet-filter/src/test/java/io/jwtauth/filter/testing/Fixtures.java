package io.jwtauth.filter.testing;

import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
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
