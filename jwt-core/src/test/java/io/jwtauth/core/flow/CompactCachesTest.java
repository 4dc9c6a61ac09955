package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.tokens.TokenIssuer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two caches hold compact forms (#14: a digest for the token, ids for the session, claims as fields); these
 * tests pin that the compact forms answer exactly as the full ones did.
 */
class CompactCachesTest {
    private static final Set<String> ROLES = Set.of("Registered Users", "Subscribers");

    private static AuthService service(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef",
                "jwtauth.issuer", "test"));
        settings.putAll(extra);
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000);
        for (int i = 0; i < 3; i++) {
            users.addUser(Integer.toString(i), "user" + i, "User " + i, ("password-of-" + i).toCharArray(), ROLES);
        }
        return JwtAuth.builder().settings(settings).provider(new InMemoryStores(users)).pollManually(new ManualPolling()).build();
    }

    private static String login(AuthService auth, int user) {
        return auth.login("user" + user, ("password-of-" + user).toCharArray(), ClientInfo.local()).accessToken();
    }

    @Test
    void cachedTokenThenAVariantThatEncodesToTheSameLowBytesIsNoHit() {
        try (AuthService auth = service(Map.of())) {
            String token = login(auth, 0);
            auth.authenticate(token);
            // 'Ł' (U+0141) has the low byte of 'A'; a key built from low bytes only would take this for the token.
            int at = token.indexOf('.') + 1;
            char original = token.charAt(at);
            String variant = token.substring(0, at) + (char) (0x100 | original) + token.substring(at + 1);
            AuthException refused = assertThrows(AuthException.class, () -> auth.authenticate(variant));
            assertEquals(AuthError.BAD_JWT, refused.error());
            assertEquals("user0", auth.authenticate(new String(token.toCharArray())).getName(), "an equal string still hits");
            assertEquals(1, auth.metrics().tokenCacheSize());
        }
    }

    @Test
    void cachedUserThenClaimsAreTheTokensClaims() throws Exception {
        try (AuthService auth = service(Map.of("jwtauth.audience", "api://orders", "jwtauth.access.role-uri-claim", "true"))) {
            String token = login(auth, 1);
            @SuppressWarnings("unchecked")
            Map<String, Object> inToken = new ObjectMapper().readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    LinkedHashMap.class);
            AuthenticatedUser first = auth.authenticate(token);
            AuthenticatedUser repeated = auth.authenticate(token);
            assertSame(first, repeated, "the second call is a cache hit");
            assertEquals(normalized(inToken), normalized(repeated.claims()));
            assertEquals(List.copyOf(ROLES).size(), ((List<?>) repeated.claims().get("role")).size());
            assertEquals(inToken.get("aud"), repeated.claims().get("aud"));
            assertEquals(inToken.get(TokenIssuer.ROLE_URI_CLAIM), repeated.claims().get(TokenIssuer.ROLE_URI_CLAIM));
        }
    }

    @Test
    void manyUsersThenEqualRoleSetsAreOneInstanceAndTheIdsAreTheSessionCachesOwn() {
        try (AuthService auth = service(Map.of())) {
            List<AuthenticatedUser> users = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                users.add(auth.authenticate(login(auth, i)));
            }
            assertSame(users.get(0).roles(), users.get(2).roles(), "equal role sets are shared");
            assertNotSame(users.get(0).sessionId(), users.get(1).sessionId());
            assertEquals(ROLES, users.get(1).roles());
            assertEquals("user1", users.get(1).getName());
            assertEquals("1", users.get(1).userId());
        }
    }

    @Test
    void internerFullThenValuesComeBackAsTheyAre() {
        Interner interner = new Interner();
        for (int i = 0; i < Interner.MAXIMUM_SIZE; i++) {
            assertEquals("v" + i, interner.intern("v" + i));
        }
        String fresh = new String("v-beyond".toCharArray());
        assertSame(fresh, interner.intern(fresh), "not kept once full");
        assertEquals(Interner.MAXIMUM_SIZE, interner.size());
        String known = new String("v7".toCharArray());
        assertNotSame(known, interner.intern(known), "known values are still shared");
    }

    /** Numbers compared by value (the token's JSON reader picks Integer or Long by size). */
    private static Map<String, Object> normalized(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        claims.forEach((name, value) -> out.put(name, value instanceof Number number ? number.longValue() : value));
        return out;
    }
}
