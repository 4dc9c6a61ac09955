package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample jar with {@code JWTAUTH_COMPAT=dnn} and {@code JWTAUTH_RENEWAL_ROTATE=false}: a DNN client's
 * conversation on both of DNN's route sets (the wire format itself is checked in the filter's DnnProfileIT),
 * while jwtauth's own routes still answer.
 */
class SampleDnnProfileIT {
    @Test
    void sampleWhenDnnProfileThenBothRouteSetsServeADnnClient(@TempDir Path work) throws Exception {
        try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"),
                Map.of("JWTAUTH_COMPAT", "dnn", "JWTAUTH_RENEWAL_ROTATE", "false"))) {
            SampleFlow flow = sample.flow;
            for (String route : new String[] {"/API/JwtAuth/mobile/", "/DesktopModules/JwtAuth/API/mobile/"}) {
                SampleFlow.Reply login = flow.call("POST", route + "login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\"}");
                assertEquals(200, login.status(), String.valueOf(login.body()));
                JsonNode tokens = login.body();
                String renewal = tokens.get("renewalToken").asText();
                String access = tokens.get("accessToken").asText();
                for (int i = 0; i < 2; i++) {
                    SampleFlow.Reply renewed = flow.call("POST", route + "extendtoken", access, "{\"rtoken\":\"" + renewal + "\"}");
                    assertEquals(200, renewed.status(), String.valueOf(renewed.body()));
                    assertEquals(renewal, renewed.body().get("renewalToken").asText());
                    assertNotEquals(access, renewed.body().get("accessToken").asText());
                    access = renewed.body().get("accessToken").asText();
                }
                assertEquals("demo", flow.call("GET", "/api/me", access, null).body().get("name").asText());
                SampleFlow.Reply logout = flow.call("GET", route + "logout", access, null);
                assertEquals(200, logout.status());
                assertEquals(true, logout.body().get("success").asBoolean());
                SampleFlow.Reply refused = flow.call("POST", route + "login", null, "{\"u\":\"demo\",\"p\":\"wrong\"}");
                assertEquals(401, refused.status());
                assertEquals("Bearer bad-credentials", refused.wwwAuthenticate());
            }
            flow.assertMe(flow.login("admin", "admin-password-1"), "admin");
        }
        String log = Files.readString(work.resolve("sample.log"));
        assertTrue(log.contains("jwtauth.renewal.rotate=false: one renewal token serves the whole session")
                && log.contains("no longer detected"), "the start-up warning names what is given up:\n" + log);
    }

    @Test
    void sampleWhenDnnProfileWithDefaultRotationThenEachRenewalHandsANewRenewalToken(@TempDir Path work) throws Exception {
        try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), Map.of("JWTAUTH_COMPAT", "dnn"))) {
            SampleFlow flow = sample.flow;
            JsonNode tokens = flow.call("POST", "/API/JwtAuth/mobile/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\"}").body();
            for (int i = 0; i < 2; i++) {
                SampleFlow.Reply renewed = flow.call("POST", "/API/JwtAuth/mobile/extendtoken", tokens.get("accessToken").asText(),
                        "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}");
                assertEquals(200, renewed.status(), String.valueOf(renewed.body()));
                assertNotEquals(tokens.get("renewalToken").asText(), renewed.body().get("renewalToken").asText());
                tokens = renewed.body();
            }
            assertEquals(200, flow.call("GET", "/API/JwtAuth/mobile/logout", tokens.get("accessToken").asText(), null).status());
        }
    }
}
