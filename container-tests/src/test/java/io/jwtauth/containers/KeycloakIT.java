package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.DpopProofs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #33 against a real Keycloak 26.4 (its distribution, dev mode, Temurin 25) and two sample nodes on one database:
 * Keycloak's DPoP-bound access tokens are accepted only with a proof of their key, its bearer tokens as before; and a
 * logout at Keycloak (its back-channel logout to the client's {@code backchannel.logout.url}, node A) ends the
 * user's tokens on node B too, within the revocation bound.
 */
class KeycloakIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALM = "jwtauth";
    private static final String CLIENT = "orders-web";
    private static final String CLIENT_SECRET = "orders-web-secret-0123456789";
    private final HttpClient http = HttpClient.newHttpClient();

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private SampleNode startNode(int port, Path dir, String dbUrl, String secret, String issuer) throws Exception {
        return SampleNode.start(port, dir, dbUrl, secret, Map.of("JWTAUTH_EXTERNAL_ISSUER", issuer, "JWTAUTH_EXTERNAL_AUDIENCE", CLIENT,
                "JWTAUTH_EXTERNAL_CLIENT_ID", CLIENT, "JWTAUTH_EXTERNAL_ROLES_CLAIM", "realm_access.roles",
                "JWTAUTH_EXTERNAL_BACKCHANNEL", "true"), http);
    }

    private HttpResponse<String> get(String url, String authorization, String dpop) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization);
        if (dpop != null) {
            request.header("DPoP", dpop);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String error(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("error").asText();
    }

    /** The realm: user alice (role Registered Users), confidential client orders-web whose tokens name it in aud. */
    private static Map<String, Object> realm(String backchannelUrl) {
        Map<String, Object> client = new HashMap<>();
        client.put("clientId", CLIENT);
        client.put("enabled", true);
        client.put("publicClient", false);
        client.put("secret", CLIENT_SECRET);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", true);
        client.put("redirectUris", List.of("http://127.0.0.1/*"));
        client.put("attributes", Map.of("backchannel.logout.url", backchannelUrl, "backchannel.logout.session.required", "true"));
        client.put("protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper",
                "config", Map.of("included.client.audience", CLIENT, "access.token.claim", "true", "id.token.claim", "false"))));
        return Map.of("realm", REALM, "enabled", true,
                "roles", Map.of("realm", List.of(Map.of("name", "Registered Users"))),
                "users", List.of(Map.of("username", "alice", "enabled", true, "email", "alice@example.com", "emailVerified", true,
                        "firstName", "Alice", "lastName", "Liddell", "realmRoles", List.of("Registered Users"),
                        "credentials", List.of(Map.of("type", "password", "value", "alice-password-1", "temporary", false)))),
                "clients", List.of(client));
    }

    private Keycloak.Reply passwordGrant(Keycloak keycloak, String dpopProof) throws Exception {
        return keycloak.form(keycloak.tokenEndpoint(REALM), Map.of("grant_type", "password", "client_id", CLIENT,
                "client_secret", CLIENT_SECRET, "username", "alice", "password", "alice-password-1", "scope", "openid"),
                dpopProof == null ? Map.of() : Map.of("DPoP", dpopProof));
    }

    @Test
    void keycloakDpopTokensNeedTheirKeyAndItsBackchannelLogoutEndsTokensOnEveryNode(@TempDir Path dir) throws Exception {
        int portA = freePort();
        int portB = freePort();
        String dbUrl = "jdbc:h2:file:" + dir.resolve("db/shared").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        String secret = HexFormat.of().formatHex(java.security.SecureRandom.getInstanceStrong().generateSeed(32));
        try (Keycloak keycloak = Keycloak.start(dir.resolve("keycloak"))) {
            keycloak.awaitReady();
            Keycloak.Reply created = keycloak.admin("POST", "/realms", realm("http://127.0.0.1:" + portA + "/auth/backchannel-logout/idp"));
            assertEquals(201, created.status(), String.valueOf(created.json()));
            String issuer = keycloak.issuer(REALM);
            // One after the other: the second opens the H2 database through the first one's AUTO_SERVER port.
            try (SampleNode nodeA = startNode(portA, dir.resolve("a"), dbUrl, secret, issuer);
                 SampleNode nodeB = startNode(portB, dir.resolve("b"), dbUrl, secret, issuer)) {

                // A bearer token from Keycloak: accepted on both nodes.
                Keycloak.Reply bearer = passwordGrant(keycloak, null);
                assertEquals(200, bearer.status(), String.valueOf(bearer.json()));
                String bearerToken = bearer.json().get("access_token").asText();
                for (SampleNode node : List.of(nodeA, nodeB)) {
                    HttpResponse<String> me = get(node.base + "/api/me", "Bearer " + bearerToken, null);
                    assertEquals(200, me.statusCode(), me.body());
                    assertEquals("idp:alice", JSON.readTree(me.body()).get("name").asText());
                }

                // A DPoP-bound token: Keycloak binds it to the client's key (cnf.jkt); jwtauth wants that key's proofs.
                DpopProofs client = new DpopProofs(JwsAlgorithm.ES256);
                Keycloak.Reply bound = passwordGrant(keycloak, client.proof("POST", keycloak.tokenEndpoint(REALM), Instant.now(), null));
                assertEquals(200, bound.status(), String.valueOf(bound.json()));
                assertEquals("DPoP", bound.json().get("token_type").asText());
                String boundToken = bound.json().get("access_token").asText();
                assertEquals(client.thumbprint(), JWT.decode(boundToken).getClaim("cnf").asMap().get("jkt"));
                String meA = nodeA.base + "/api/me";
                HttpResponse<String> withProof = get(meA, "DPoP " + boundToken, client.proof("GET", meA, Instant.now(), boundToken));
                assertEquals(200, withProof.statusCode(), withProof.body());
                HttpResponse<String> asBearer = get(meA, "Bearer " + boundToken, null);
                assertEquals(401, asBearer.statusCode());
                assertEquals("bad-dpop", error(asBearer));
                DpopProofs thief = new DpopProofs(JwsAlgorithm.ES256);
                HttpResponse<String> thiefs = get(meA, "DPoP " + boundToken, thief.proof("GET", meA, Instant.now(), boundToken));
                assertEquals(401, thiefs.statusCode());
                assertEquals("bad-dpop", error(thiefs));

                // Each of alice's two sessions ends at Keycloak (an administrator signs it out): Keycloak calls node A's
                // back-channel endpoint with a logout token for that session.
                for (String token : List.of(bearerToken, boundToken)) {
                    String sid = JWT.decode(token).getClaim("sid").asString();
                    Keycloak.Reply logout = keycloak.admin("DELETE", "/realms/" + REALM + "/sessions/" + sid, null);
                    assertEquals(204, logout.status(), String.valueOf(logout.json()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                HttpResponse<String> afterB;
                do {
                    afterB = get(nodeB.base + "/api/me", "Bearer " + bearerToken, null);
                } while (afterB.statusCode() == 200 && System.nanoTime() < deadline && sleep());
                assertEquals(401, afterB.statusCode(), "node B still accepts the token 5 s after the logout:\n"
                        + Files.readString(nodeA.log));
                assertEquals("bad-token", error(afterB));
                assertEquals("bad-token", error(get(nodeA.base + "/api/me", "Bearer " + bearerToken, null)));
                String meB = nodeB.base + "/api/me";
                HttpResponse<String> boundAfter = get(meB, "DPoP " + boundToken, client.proof("GET", meB, Instant.now(), boundToken));
                assertEquals(401, boundAfter.statusCode(), boundAfter.body() + "; sids: bearer " + JWT.decode(bearerToken).getClaim("sid")
                        + ", bound " + JWT.decode(boundToken).getClaim("sid") + "\n" + Files.readString(nodeA.log).lines()
                        .filter(line -> line.contains("logged out")).toList() + "\nKeycloak: " + keycloak.console().lines()
                        .filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains("logout")).toList());
                assertTrue(Files.readString(nodeA.log).contains("identity provider 'idp' logged out"), Files.readString(nodeA.log));
            }
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(Duration.ofMillis(100).toMillis());
        return true;
    }
}
