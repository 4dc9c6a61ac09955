package io.jwtauth.core.testing;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jwtauth.core.keys.JwsAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in identity provider on loopback, for tests: a real HTTP server publishing a JWKS (and an OIDC discovery
 * document), keys to sign its tokens with, and switches for its failures. Thread-safe.
 */
public final class TestIdentityProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A provider's key: the JWKS publishes its public part; {@code declareAlg} writes the JWK's {@code alg}. */
    public record ProviderKey(String kid, JwsAlgorithm algorithm, KeyPair pair, boolean declareAlg) {
        public Algorithm signer() {
            return switch (algorithm) {
                case RS256 -> Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
                case PS256 -> Algorithm.RSA256PSS((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
                case ES256 -> Algorithm.ECDSA256((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
                default -> throw new IllegalArgumentException(algorithm + " is not offered by this test provider");
            };
        }

        /** The same key pair published for another algorithm (an RSA key serves RS256 and PS256). */
        public ProviderKey forAlgorithm(JwsAlgorithm other) {
            return new ProviderKey(kid, other, pair, declareAlg);
        }
    }

    private final HttpServer server;
    private final String issuer;
    private final List<ProviderKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final AtomicInteger discoveryRequests = new AtomicInteger();
    private volatile String cacheControl;
    private volatile int status = 200;
    private volatile String bodyOverride;
    private volatile Duration delay = Duration.ZERO;
    private volatile String discoveryIssuer;
    /** Browser sign-in (authorization, token and end-session endpoints), once {@link #signIn} turned it on. */
    private volatile TestSignIn signIn;

    private TestIdentityProvider(String realmPath) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "test-idp");
            thread.setDaemon(true);
            return thread;
        }));
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + realmPath;
        discoveryIssuer = issuer;
        server.createContext(realmPath + "/protocol/openid-connect/certs", this::serveJwks);
        server.createContext(realmPath + "/.well-known/openid-configuration", this::serveDiscovery);
        server.start();
    }

    /** A provider whose issuer is {@code http://127.0.0.1:<port>/realms/test}, Keycloak-style. */
    public static TestIdentityProvider start() {
        try {
            return new TestIdentityProvider("/realms/test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String jwksUrl() {
        return issuer + "/protocol/openid-connect/certs";
    }

    public static ProviderKey newKey(String kid, JwsAlgorithm algorithm, boolean declareAlg) {
        try {
            KeyPairGenerator generator;
            if (algorithm == JwsAlgorithm.ES256) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            }
            return new ProviderKey(kid, algorithm, generator.generateKeyPair(), declareAlg);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the published key set. */
    public void publish(ProviderKey... keys) {
        published.clear();
        published.addAll(List.of(keys));
    }

    public void cacheControl(String value) {
        this.cacheControl = value;
    }

    /** Answer the JWKS URL with this status (200 restores service). */
    public void status(int newStatus) {
        this.status = newStatus;
    }

    /** Serve this body at the JWKS URL instead of the key set ({@code null} restores it). */
    public void body(String body) {
        this.bodyOverride = body;
    }

    /** Wait this long before answering. */
    public void delay(Duration newDelay) {
        this.delay = newDelay;
    }

    /** The {@code issuer} the discovery document claims (the real one by default). */
    public void discoveryIssuer(String claimed) {
        this.discoveryIssuer = claimed;
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    public int discoveryRequests() {
        return discoveryRequests.get();
    }

    /** A token builder with this provider's issuer, {@code aud}, {@code sub}, and times around now. */
    public JWTCreator.Builder token(String audience, Instant now) {
        return JWT.create().withIssuer(issuer).withAudience(audience).withSubject("f2a9c7e0-user").withIssuedAt(now)
                .withNotBefore(now).withExpiresAt(now.plusSeconds(300)).withJWTId("jti-" + now.toEpochMilli());
    }

    public static String sign(JWTCreator.Builder token, ProviderKey key) {
        return token.withKeyId(key.kid()).sign(key.signer());
    }

    /** The public JWKS of {@code keys}, as a provider publishes it. */
    public static String jwks(List<ProviderKey> keys) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("keys");
        for (ProviderKey key : keys) {
            ObjectNode jwk = array.addObject();
            jwk.put("kid", key.kid()).put("use", "sig");
            if (key.declareAlg()) {
                jwk.put("alg", key.algorithm().name());
            }
            if (key.pair().getPublic() instanceof RSAPublicKey rsa) {
                jwk.put("kty", "RSA").put("n", unsigned(rsa.getModulus(), 256)).put("e", unsigned(rsa.getPublicExponent(), 0));
            } else {
                ECPublicKey ec = (ECPublicKey) key.pair().getPublic();
                jwk.put("kty", "EC").put("crv", "P-256").put("x", unsigned(ec.getW().getAffineX(), 32))
                        .put("y", unsigned(ec.getW().getAffineY(), 32));
            }
        }
        return root.toString();
    }

    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length < length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        jwksRequests.incrementAndGet();
        pause();
        String body = bodyOverride != null ? bodyOverride : jwks(List.copyOf(published));
        if (cacheControl != null) {
            exchange.getResponseHeaders().set("Cache-Control", cacheControl);
        }
        if (status == 302) {
            exchange.getResponseHeaders().set("Location", jwksUrl() + "?moved");
        }
        answer(exchange, status, body);
    }

    private void serveDiscovery(HttpExchange exchange) throws IOException {
        discoveryRequests.incrementAndGet();
        ObjectNode document = JSON.createObjectNode().put("issuer", discoveryIssuer).put("jwks_uri", jwksUrl());
        TestSignIn endpoints = signIn;
        if (endpoints != null) {
            endpoints.describe(document);
        }
        answer(exchange, 200, document.toString());
    }

    /**
     * Turns on browser sign-in for one client, Keycloak-shaped: {@code <issuer>/protocol/openid-connect/auth}, {@code
     * /token} and {@code /logout}, tokens signed with {@code key}. {@code clientSecret} null makes it a public client.
     */
    public TestSignIn signIn(String clientId, String clientSecret, String audience, ProviderKey key) {
        TestSignIn endpoints = new TestSignIn(issuer, clientId, clientSecret, audience, key);
        String realmPath = java.net.URI.create(issuer).getPath();
        server.createContext(realmPath + "/protocol/openid-connect/auth", endpoints::authorize);
        server.createContext(realmPath + "/protocol/openid-connect/token", endpoints::token);
        server.createContext(realmPath + "/protocol/openid-connect/logout", endpoints::endSession);
        this.signIn = endpoints;
        return endpoints;
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void answer(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The client gave up (a size or time limit): nothing to do.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
