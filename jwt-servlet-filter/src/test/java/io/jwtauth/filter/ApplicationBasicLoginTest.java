package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.filter.ContainerAuthentication.Verdict;
import io.jwtauth.filter.testing.RecordingResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #31: the application's BASIC login as jwtauth's module runs it, for every shape of {@code Authorization: Basic}: a
 * correct pair is the caller with its roles; anything else on a constrained page is a {@code 401} with the Basic
 * challenge (never an exception), and on an open page leaves the caller anonymous.
 */
class ApplicationBasicLoginTest {
    @RegisterExtension
    final ModuleFixture app = new ModuleFixture(
            "<web-app><login-config><auth-method>BASIC</auth-method><realm-name>legacy \"app\"</realm-name></login-config></web-app>",
            Map.of());

    private HttpServletRequest request(String authorization, String accept) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", authorization);
        headers.put("Accept", accept);
        return app.get(headers, "/account/whoami.jsp", null, null, null);
    }

    private static String basic(byte[] pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair);
    }

    private Verdict validate(String authorization, boolean mandatory, RecordingResponse recorded) throws Exception {
        return app.running().validate(request(authorization, "text/html"), recorded.proxy(), mandatory);
    }

    @Test
    void correctPairThenTheCallerWithTheStoresRoles() throws Exception {
        Verdict verdict = validate(basic("demo:demo-password-1".getBytes(StandardCharsets.UTF_8)), true, new RecordingResponse());
        assertEquals(Verdict.Kind.CALLER, verdict.kind());
        assertEquals("demo", verdict.caller().getName());
        assertEquals(Set.of("Registered Users", "Subscribers"), verdict.roles());
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong-password", "no-colon", "empty-password", "not-base64", "not-utf8", "huge", "empty", "nul"})
    void anyOtherBasicHeaderOnAConstrainedPageThenA401WithTheChallenge(String shape) throws Exception {
        String header = switch (shape) {
            case "wrong-password" -> basic("demo:nope".getBytes(StandardCharsets.UTF_8));
            case "no-colon" -> basic("demo".getBytes(StandardCharsets.UTF_8));
            case "empty-password" -> basic("demo:".getBytes(StandardCharsets.UTF_8));
            case "not-base64" -> "Basic !!!***";
            case "not-utf8" -> basic(new byte[] {'d', ':', (byte) 0xff, (byte) 0xfe});
            case "huge" -> basic(("demo:" + "x".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
            case "empty" -> "Basic ";
            default -> basic("demo\u0000:demo-password-1".getBytes(StandardCharsets.UTF_8));
        };
        RecordingResponse recorded = new RecordingResponse();
        Verdict verdict = validate(header, true, recorded);
        assertEquals(Verdict.Kind.ANSWERED, verdict.kind());
        assertEquals(401, recorded.status);
        assertTrue(recorded.headers.get("WWW-Authenticate").contains("Basic realm=\"legacy app\", charset=\"UTF-8\""),
                recorded.headers.toString());
        assertTrue(recorded.body().contains("\"error\":\"bad-credentials\""), recorded.body());

        assertEquals(Verdict.Kind.ANONYMOUS, validate(header, false, new RecordingResponse()).kind(), "an open page stays open");
    }

    @Test
    void noHeaderThenTheChallengeForABrowserAndNoTokenForAJsonClient() throws Exception {
        RecordingResponse browser = new RecordingResponse();
        assertEquals(Verdict.Kind.ANSWERED, validate(null, true, browser).kind());
        assertEquals(401, browser.status);
        assertTrue(browser.headers.get("WWW-Authenticate").startsWith("Bearer realm=\"jwtauth\"\nBasic realm="), browser.headers.toString());
        assertTrue(browser.body().contains("\"error\":\"no-token\""));

        Verdict json = app.running().validate(request(null, "application/json"), new RecordingResponse().proxy(), true);
        assertEquals(Verdict.Kind.REFUSED, json.kind());
        assertEquals(io.jwtauth.core.AuthError.NO_TOKEN, json.refusal().refusal());
    }

    @Test
    void bearerTokenThenItDecidesNotTheApplicationsLogin() throws Exception {
        Verdict verdict = validate("Bearer not.a.token", true, new RecordingResponse());
        assertEquals(Verdict.Kind.REFUSED, verdict.kind());
        assertEquals(io.jwtauth.core.AuthError.BAD_JWT, verdict.refusal().refusal());
    }
}
