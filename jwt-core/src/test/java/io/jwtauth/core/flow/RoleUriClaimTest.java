package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.tokens.TokenIssuer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jwtauth.access.role-uri-claim}: the roles also under .NET's role-claim URI, for clients written for DNN 10. */
class RoleUriClaimTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void loginThenRoleClaimAlwaysAndTheUriClaimWhenAsked(boolean uri) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef", "jwtauth.issuer", "test"));
        settings.put("jwtauth.access.role-uri-claim", Boolean.toString(uri));
        try (AuthService auth = JwtAuth.builder().settings(settings)
                .provider(new InMemoryStores(new InMemoryIdentityStore(1000)
                        .addUser("1", "alice", "Alice", "alice-password-1".toCharArray(), Set.of("Registered Users", "Subscribers"))))
                .pollManually(new ManualPolling()).build()) {
            String token = auth.login("alice", "alice-password-1".toCharArray(), ClientInfo.local()).accessToken();
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            assertEquals(Set.of("Registered Users", "Subscribers"), roles(claims.get("role")));
            if (uri) {
                assertEquals(Set.of("Registered Users", "Subscribers"), roles(claims.get(TokenIssuer.ROLE_URI_CLAIM)));
            } else {
                assertFalse(claims.has(TokenIssuer.ROLE_URI_CLAIM));
            }
            assertEquals(Set.of("Registered Users", "Subscribers"), auth.authenticate(token).roles(), "verified as before");
        }
    }

    private static Set<String> roles(JsonNode array) {
        Set<String> roles = new TreeSet<>();
        array.forEach(role -> roles.add(role.asText()));
        return roles;
    }

}
