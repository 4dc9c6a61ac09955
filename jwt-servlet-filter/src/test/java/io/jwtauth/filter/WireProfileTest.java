package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.flow.TokenResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Each wire profile's paths, methods, token JSON and renewal refusal: what a client written against it relies on. */
class WireProfileTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final TokenResponse TOKENS = new TokenResponse("42", "Alice", "access.token.value", "renewal-token",
            NOW.plusSeconds(3600), NOW.plusSeconds(14 * 86_400));

    @Test
    void standardWhenPathsUnderTheBaseThenItsThreeActionsOnly() {
        StandardProfile standard = new StandardProfile("/auth");
        assertEquals(WireProfile.Action.LOGIN, standard.actionFor("/auth/login"));
        assertEquals(WireProfile.Action.RENEW, standard.actionFor("/auth/extendtoken"));
        assertEquals(WireProfile.Action.LOGOUT, standard.actionFor("/auth/logout"));
        for (String other : new String[] {"/auth/LOGIN", "/auth/login/", "/auth", "/api/me", "/API/JwtAuth/mobile/login"}) {
            assertNull(standard.actionFor(other), other);
        }
        assertArrayEquals(new String[] {"POST", "GET"}, standard.methods(WireProfile.Action.LOGOUT));
        assertArrayEquals(new String[] {"POST"}, standard.methods(WireProfile.Action.LOGIN));
        assertEquals(AuthError.BAD_JWT, standard.renewalWithoutBearer());
    }

    @Test
    void standardTokensThenTheContractsFieldsWithExpiresIn() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new StandardProfile("/auth").tokens(TOKENS, NOW));
        assertEquals("42", json.get("userId").asText());
        assertTrue(json.get("userId").isTextual());
        assertEquals("access.token.value", json.get("accessToken").asText());
        assertEquals("renewal-token", json.get("renewalToken").asText());
        assertEquals("Bearer", json.get("tokenType").asText());
        assertEquals(3600, json.get("expiresIn").asLong());
    }

    @Test
    void dnnWhenEitherRouteInAnyLetterCaseThenItsActions() {
        DnnProfile dnn = new DnnProfile();
        assertEquals(WireProfile.Action.LOGIN, dnn.actionFor("/API/JwtAuth/mobile/login"));
        assertEquals(WireProfile.Action.RENEW, dnn.actionFor("/api/jwtauth/MOBILE/ExtendToken"));
        assertEquals(WireProfile.Action.LOGOUT, dnn.actionFor("/DesktopModules/JwtAuth/API/mobile/logout"));
        assertNull(dnn.actionFor("/API/JwtAuth/mobile/"));
        assertNull(dnn.actionFor("/API/JwtAuth/mobile/other"));
        assertNull(dnn.actionFor("/auth/login"));
        assertArrayEquals(new String[] {"GET", "POST"}, dnn.methods(WireProfile.Action.LOGOUT));
        assertEquals(AuthError.BAD_CREDENTIALS, dnn.renewalWithoutBearer(), "as DNN answers it");
    }

    @Test
    void dnnTokensThenDnnsFourFieldsWithANumericUserId() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new DnnProfile().tokens(TOKENS, NOW));
        assertEquals(42, json.get("userId").asLong());
        assertTrue(json.get("userId").isNumber());
        assertEquals(4, json.size(), json.toString());
        JsonNode text = new ObjectMapper().readTree(new DnnProfile().tokens(new TokenResponse("u-7", "Bob", "a", "r", NOW, NOW), NOW));
        assertEquals("u-7", text.get("userId").asText(), "a non-numeric id stays a string");
    }
}
