package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's DPoP client ({@link DpopClient}, copied into the README verbatim: checked here) against the sample jar:
 * a login with a proof gets a DPoP-bound token, which works with a proof and not as a bearer token, renews with a proof,
 * and logs out with one. {@code JWTAUTH_DPOP=required} then refuses a login without one.
 */
class SampleDpopIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String url, String authorization, String dpop, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (dpop != null) {
            request.header("DPoP", dpop);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readmeClientWhenItLogsInWithAProofThenItsTokenNeedsItsKey() throws Exception {
        Path work = Files.createTempDirectory("jwtauth-dpop");
        try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), Map.of())) {
            String base = "http://127.0.0.1:" + sample.port;
            DpopClient dpop = new DpopClient();
            HttpResponse<String> login = send("POST", base + "/auth/login", null, dpop.proof("POST", base + "/auth/login", null),
                    "{\"u\":\"demo\",\"p\":\"demo-password-1\"}");
            assertEquals(200, login.statusCode(), login.body());
            JsonNode tokens = JSON.readTree(login.body());
            assertEquals("DPoP", tokens.get("tokenType").asText());
            String access = tokens.get("accessToken").asText();

            HttpResponse<String> me = send("GET", base + "/api/me", "DPoP " + access, dpop.proof("GET", base + "/api/me", access), null);
            assertEquals(200, me.statusCode(), me.body());
            assertEquals("demo", JSON.readTree(me.body()).get("name").asText());
            HttpResponse<String> asBearer = send("GET", base + "/api/me", "Bearer " + access, null, null);
            assertEquals(401, asBearer.statusCode());
            assertEquals("bad-dpop", JSON.readTree(asBearer.body()).get("error").asText());

            HttpResponse<String> renewed = send("POST", base + "/auth/extendtoken", "DPoP " + access,
                    dpop.proof("POST", base + "/auth/extendtoken", access), "{\"rtoken\":\"" + tokens.get("renewalToken").asText() + "\"}");
            assertEquals(200, renewed.statusCode(), renewed.body());
            String next = JSON.readTree(renewed.body()).get("accessToken").asText();
            assertEquals(200, send("POST", base + "/auth/logout", "DPoP " + next, dpop.proof("POST", base + "/auth/logout", next), null)
                    .statusCode());
        }
        Path strict = Files.createTempDirectory("jwtauth-dpop-required");
        try (SampleProcess sample = new SampleProcess(strict.resolve("data"), strict.resolve("sample.log"), Map.of("JWTAUTH_DPOP", "required"))) {
            HttpResponse<String> unbound = send("POST", "http://127.0.0.1:" + sample.port + "/auth/login", null, null,
                    "{\"u\":\"demo\",\"p\":\"demo-password-1\"}");
            assertEquals(401, unbound.statusCode());
            assertEquals("bad-dpop", JSON.readTree(unbound.body()).get("error").asText());
        }
    }

    /** The README shows the client exactly as it is compiled and run here. */
    @Test
    void readmeWhenItShowsTheClientThenVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/jwtauth/sample/DpopClient.java"), StandardCharsets.UTF_8);
        String shown = source.substring(source.indexOf("// README:begin\n") + "// README:begin\n".length(), source.indexOf("// README:end"));
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(shown), "README's DPoP client differs from DpopClient.java; copy it again");
        for (String line : List.of("Authorization: DPoP", "jwtauth.dpop")) {
            assertTrue(readme.contains(line), line);
        }
    }
}
