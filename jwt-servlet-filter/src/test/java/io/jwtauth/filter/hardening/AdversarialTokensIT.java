package io.jwtauth.filter.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.testing.TestVectors;
import io.jwtauth.filter.JwtAuthFilter;
import io.jwtauth.filter.testing.Fixtures;
import io.jwtauth.filter.testing.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the token, through the filter over HTTP, against RS256, ES256 and HS256 deployments.
 * Every one must get a 401 (never a 5xx), and none may make the server fetch anything.
 */
class AdversarialTokensIT {
    private static final AtomicInteger fetches = new AtomicInteger();
    private static HttpServer attacker;
    private static String attackerUrl;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startAttackerServer() throws Exception {
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        attacker.start();
        attackerUrl = "http://127.0.0.1:" + attacker.getAddress().getPort();
    }

    @AfterAll
    static void stopAttackerServer() {
        attacker.stop(0);
        System.out.println("[adversarial] " + String.join("; ", report));
    }

    private static String b64(String json) {
        return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(byte[] key, String header, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String input = b64(header) + "." + b64(payload);
        return input + "." + Base64Url.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Claims copied from a real token of the deployment, so only the attacked part differs. */
    private static String claimsOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String headerOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static List<String> attacks(KeyMaterial key, String validToken) throws Exception {
        String claims = claimsOf(validToken);
        String header = headerOf(validToken);
        String[] parts = validToken.split("\\.");
        List<String> attacks = new ArrayList<>();
        // alg "none", every spelling, with and without a signature.
        for (String none : List.of("none", "None", "NONE", "nOnE", "NoNe", "none ", " none", "n\\u006fne")) {
            String unsigned = b64("{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}") + "." + b64(claims);
            attacks.add(unsigned + ".");
            attacks.add(unsigned + "." + parts[2]);
        }
        // Algorithm confusion: HS256 keyed with the public key in every encoding an attacker could find.
        if (key.publicKey() != null) {
            byte[] der = key.publicKey().getEncoded();
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
            String jwks = Keys.publicJwks(List.of(key));
            for (byte[] confusionKey : List.of(der, pem.getBytes(), pem.strip().getBytes(), pem.replace("\n", "\r\n").getBytes(),
                    jwks.getBytes(), Base64.getEncoder().encode(der))) {
                attacks.add(hmac(confusionKey, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims));
                attacks.add(hmac(confusionKey, header.replace(key.algorithm().name(), "HS256"), claims));
            }
        }
        // Psychic ECDSA signatures (r = s = 0, and DER-encoded zeros), and other algorithms named.
        for (int size : List.of(64, 96, 132)) {
            attacks.add(parts[0] + "." + parts[1] + "." + Base64Url.encode(new byte[size]));
        }
        attacks.add(parts[0] + "." + parts[1] + ".MAYCAQACAQA");
        // Headers that would make a naive library fetch or trust a key.
        KeyPair attackerKeys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String attackerJwk = Keys.publicJwks(List.of(Keys.generate(JwsAlgorithm.RS256, "evil"))).replace("{\n  \"keys\" : [ ", "").replaceAll("\\s*]\\s*}\\s*$", "");
        for (String extra : List.of("\"jku\":\"" + attackerUrl + "/jwks.json\"", "\"x5u\":\"" + attackerUrl + "/cert.pem\"",
                "\"jwk\":" + attackerJwk, "\"x5c\":[\"" + Base64.getEncoder().encodeToString(attackerKeys.getPublic().getEncoded()) + "\"]",
                "\"kid\":\"../../../../../../dev/null\"", "\"kid\":\"' UNION SELECT 'secret' --\"", "\"kid\":\"" + attackerUrl + "\"",
                "\"crit\":[\"exp\"]", "\"b64\":false", "\"zip\":\"DEF\"")) {
            String forgedHeader = "{\"alg\":\"RS256\"," + extra + "}";
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(attackerKeys.getPrivate());
            String input = b64(forgedHeader) + "." + b64(claims);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            attacks.add(input + "." + Base64Url.encode(signer.sign()));
            attacks.add(b64(header.replace("}", "," + extra + "}")) + "." + parts[1] + "." + parts[2]);
        }
        // Claims games, re-encoded under the genuine header and signature (so the signature no longer matches)...
        for (String evil : List.of(claims.replace("\"exp\":", "\"exp\":\"") .replaceFirst("(\"exp\":\"\\d+)", "$1\""),
                claims.replace("}", ",\"exp\":99999999999}"), claims.replace("}", ",\"sub\":\"2\"}"), claims.replace("\"exp\":", "\"exp\":1e400,\"x\":"),
                "[]", "\"string\"", "null", "not json at all", "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")) {
            attacks.add(parts[0] + "." + b64(evil) + "." + parts[2]);
        }
        // ...and structural damage: size, segments, alphabets, padding.
        attacks.add(parts[0] + "." + parts[1] + "." + parts[2] + "=");
        attacks.add(parts[0] + "=." + parts[1] + "." + parts[2]);
        attacks.add(parts[0] + "." + parts[1] + "." + parts[2].replace('-', '+').replace('_', '/') + "+/");
        attacks.add(validToken + "." + parts[2]);
        attacks.add(parts[0] + "." + parts[1]);
        attacks.add(parts[0] + "." + b64("{\"x\":\"" + "A".repeat(60_000) + "\"}") + "." + parts[2]);
        attacks.add("A".repeat(200_000));
        attacks.add(validToken.toLowerCase());
        // Well-known bad tokens from public sources.
        for (JsonNode entry : TestVectors.json("attacks/third_party_tokens.json").get("tokens")) {
            attacks.add(entry.get("token").asText().replaceFirst("^bearer ", ""));
        }
        return attacks;
    }

    private void attack(JwsAlgorithm algorithm, Path directory) throws Exception {
        KeyMaterial key = Keys.generate(algorithm, "k1");
        Path file = directory.resolve(algorithm + ".jwk");
        Files.writeString(file, Keys.privateJwk(key));
        Map<String, String> settings = Fixtures.settings();
        settings.remove("jwtauth.key.secret");
        settings.put("jwtauth.key.alg", algorithm.name());
        settings.put("jwtauth.key.file", file.toString());
        settings.put("jwtauth.token.max-length", "65536");
        try (TestServer server = new TestServer(JwtAuthFilter.builder().settings(settings).provider(Fixtures.stores()).build())) {
            String valid = server.login("demo", "demo-password-1").json().get("accessToken").asText();
            assertEquals(200, server.get("/api/me", valid).status());
            int tried = 0;
            for (String token : attacks(key, valid)) {
                if (token.equals(valid)) {
                    continue;
                }
                TestServer.Response response = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/me"))
                        .header("Authorization", "Bearer " + token));
                assertTrue(response.status() == 401 || response.status() == 413 || response.status() == 431 || response.status() == 400,
                        algorithm + " accepted or crashed on an attack: " + response.status() + " " + response.body());
                assertTrue(response.status() < 500);
                tried++;
            }
            assertEquals(200, server.get("/api/me", valid).status(), "the real token still works after the attacks");
            report.add(algorithm + ": " + tried + " attacks, 0 accepted, 0 5xx");
        }
    }

    @Test
    void attacksWhenRs256DeploymentThenAllRefused(@TempDir Path directory) throws Exception {
        attack(JwsAlgorithm.RS256, directory);
        assertEquals(0, fetches.get(), "the server fetched a URL named in a token");
    }

    @Test
    void attacksWhenEs256DeploymentThenAllRefused(@TempDir Path directory) throws Exception {
        attack(JwsAlgorithm.ES256, directory);
        assertEquals(0, fetches.get(), "the server fetched a URL named in a token");
    }

    @Test
    void attacksWhenHs256DeploymentThenAllRefused(@TempDir Path directory) throws Exception {
        attack(JwsAlgorithm.HS256, directory);
        assertEquals(0, fetches.get(), "the server fetched a URL named in a token");
    }
}
