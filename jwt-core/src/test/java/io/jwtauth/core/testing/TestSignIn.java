package io.jwtauth.core.testing;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The browser sign-in half of {@link TestIdentityProvider}: an authorization endpoint that signs in the configured user
 * at once (no login page) and redirects back with a code; a token endpoint that checks the code (single use), the
 * redirect URI, the PKCE verifier and the client's authentication, and answers an ID token and an access token; an
 * end-session endpoint that records its parameters. Switches let a test bend the ID token for each check the client
 * must make. Thread-safe.
 */
public final class TestSignIn {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String audience;
    private final TestIdentityProvider.ProviderKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile String subject = "5a1c-alice";
    private volatile String username = "alice";
    private volatile List<String> roles = List.of("Registered Users");
    private volatile boolean rolesInIdToken;
    private volatile String accessTokenAzp;
    private volatile String providerSessionId = "kc-session-1";
    private volatile UnaryOperator<Map<String, Object>> idTokenClaims = UnaryOperator.identity();
    private volatile TestIdentityProvider.ProviderKey idTokenKey;
    private volatile UnaryOperator<String> idTokenText = UnaryOperator.identity();
    private volatile PublicKey clientAssertionKey;
    private volatile Map<String, String> lastTokenRequest = Map.of();
    private volatile String lastTokenAuthorization;
    private volatile Map<String, String> lastEndSession = Map.of();
    private volatile String lastIdToken;

    private record Grant(String redirectUri, String nonce, String codeChallenge, String clientId) {
    }

    TestSignIn(String issuer, String clientId, String clientSecret, String audience, TestIdentityProvider.ProviderKey key) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.audience = audience;
        this.key = key;
    }

    void describe(ObjectNode document) {
        document.put("authorization_endpoint", issuer + "/protocol/openid-connect/auth")
                .put("token_endpoint", issuer + "/protocol/openid-connect/token")
                .put("end_session_endpoint", issuer + "/protocol/openid-connect/logout");
    }

    /** Who the next sign-ins are. */
    public TestSignIn user(String newSubject, String newUsername, List<String> newRoles) {
        this.subject = newSubject;
        this.username = newUsername;
        this.roles = List.copyOf(newRoles);
        return this;
    }

    /** Roles in the ID token too (Entra ID's app roles); by default only the access token has them (Keycloak). */
    public TestSignIn rolesInIdToken(boolean inIdToken) {
        this.rolesInIdToken = inIdToken;
        return this;
    }

    /** The {@code azp} of the next access tokens (by default the client id, as Keycloak writes). */
    public TestSignIn accessTokenAuthorizedParty(String azp) {
        this.accessTokenAzp = azp;
        return this;
    }

    public TestSignIn providerSessionId(String sid) {
        this.providerSessionId = sid;
        return this;
    }

    /** Rewrites the next ID tokens' claims (a {@code null} value removes a claim). */
    public TestSignIn idTokenClaims(UnaryOperator<Map<String, Object>> rewrite) {
        this.idTokenClaims = rewrite;
        return this;
    }

    /** Rewrites the next ID tokens as sent (after signing): to strip the signature, say. */
    public TestSignIn idTokenText(UnaryOperator<String> rewrite) {
        this.idTokenText = rewrite;
        return this;
    }

    /** Signs the next ID tokens with this key instead of the published one. */
    public TestSignIn idTokenKey(TestIdentityProvider.ProviderKey other) {
        this.idTokenKey = other;
        return this;
    }

    /** The client authenticates by {@code private_key_jwt}, whose assertions this key verifies. */
    public TestSignIn clientAssertionKey(PublicKey publicKey) {
        this.clientAssertionKey = publicKey;
        return this;
    }

    public Map<String, String> lastTokenRequest() {
        return lastTokenRequest;
    }

    public String lastTokenAuthorization() {
        return lastTokenAuthorization;
    }

    public Map<String, String> lastEndSession() {
        return lastEndSession;
    }

    public String lastIdToken() {
        return lastIdToken;
    }

    /** The authorization endpoint: the user is signed in at once; back to the redirect URI with a code and the state. */
    void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (!clientId.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))
                || !"S256".equals(query.get("code_challenge_method")) || query.get("redirect_uri") == null
                || !List.of(query.getOrDefault("scope", "").split(" ")).contains("openid")) {
            TestIdentityProvider.answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(query.get("redirect_uri"), query.get("nonce"), query.get("code_challenge"), clientId));
        String location = query.get("redirect_uri") + "?code=" + code + "&state=" + URLEncoder.encode(query.get("state"),
                StandardCharsets.UTF_8) + "&session_state=" + providerSessionId;
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The token endpoint of the authorization code grant. */
    void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        lastTokenRequest = form;
        lastTokenAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!clientAuthenticated(form, lastTokenAuthorization)) {
            TestIdentityProvider.answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null || !"authorization_code".equals(form.get("grant_type"))) {
            TestIdentityProvider.answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Code not valid\"}");
            return;
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri")) || form.get("code_verifier") == null
                || !grant.codeChallenge().equals(s256(form.get("code_verifier")))) {
            TestIdentityProvider.answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE or redirect\"}");
            return;
        }
        Instant now = Instant.now();
        String accessToken = TestIdentityProvider.sign(JWT.create().withIssuer(issuer).withAudience(audience).withSubject(subject)
                .withIssuedAt(now).withExpiresAt(now.plusSeconds(300)).withJWTId(UUID.randomUUID().toString())
                .withClaim("azp", accessTokenAzp != null ? accessTokenAzp : clientId).withClaim("sid", providerSessionId).withClaim("preferred_username", username)
                .withClaim("realm_access", Map.of("roles", roles)), key);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", clientId);
        claims.put("sub", subject);
        claims.put("azp", clientId);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 300);
        claims.put("nonce", grant.nonce());
        claims.put("sid", providerSessionId);
        claims.put("preferred_username", username);
        claims.put("at_hash", atHash(accessToken));
        claims.put("typ", "ID");
        if (rolesInIdToken) {
            claims.put("realm_access", Map.of("roles", roles));
        }
        Map<String, Object> rewritten = new HashMap<>(idTokenClaims.apply(new LinkedHashMap<>(claims)));
        rewritten.values().removeIf(value -> value == null);
        TestIdentityProvider.ProviderKey signer = idTokenKey != null ? idTokenKey : key;
        JWTCreator.Builder idToken = JWT.create().withPayload(rewritten);
        String signed = idTokenText.apply(TestIdentityProvider.sign(idToken, signer));
        lastIdToken = signed;
        ObjectNode reply = JSON.createObjectNode().put("access_token", accessToken).put("token_type", "Bearer")
                .put("expires_in", 300).put("id_token", signed).put("session_state", providerSessionId);
        TestIdentityProvider.answer(exchange, 200, reply.toString());
    }

    private boolean clientAuthenticated(Map<String, String> form, String authorization) {
        if (clientSecret != null) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            return expected.equals(authorization);
        }
        if (clientAssertionKey != null) {
            try {
                com.auth0.jwt.interfaces.DecodedJWT assertion = JWT.require(com.auth0.jwt.algorithms.Algorithm.RSA256(
                                (java.security.interfaces.RSAPublicKey) clientAssertionKey, null))
                        .withIssuer(clientId).withSubject(clientId).withAudience(issuer + "/protocol/openid-connect/token").build()
                        .verify(form.get("client_assertion"));
                return assertion.getId() != null && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                        .equals(form.get("client_assertion_type"));
            } catch (RuntimeException e) {
                return false;
            }
        }
        return clientId.equals(form.get("client_id"));
    }

    /** RP-initiated logout: records the parameters and goes back to the post-logout redirect URI. */
    void endSession(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        lastEndSession = query;
        String back = query.get("post_logout_redirect_uri");
        if (back == null) {
            TestIdentityProvider.answer(exchange, 200, "{\"loggedOut\":true}");
            return;
        }
        exchange.getResponseHeaders().set("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
    }

    private static String atHash(String accessToken) {
        byte[] digest = sha256(accessToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Form or query parameters, decoded. */
    public static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            values.put(name, equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The query parameters of a URL. */
    public static Map<String, String> query(URI url) {
        return parse(url.getRawQuery());
    }
}
