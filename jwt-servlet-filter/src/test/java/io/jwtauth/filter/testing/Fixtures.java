package io.jwtauth.filter.testing;

import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
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

    public static Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>();
        settings.put("jwtauth.key.secret", SECRET);
        settings.put("jwtauth.issuer", "filter-test");
        settings.put("jwtauth.paths.public", "/api/public/*,/health");
        settings.put("jwtauth.paths.roles", "/api/admin/*=Administrators");
        return settings;
    }
}
