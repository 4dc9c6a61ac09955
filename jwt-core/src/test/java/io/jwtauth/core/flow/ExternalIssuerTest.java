package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tokens of an external identity provider (#17), against a real JWKS server on loopback: Keycloak- and Entra-shaped
 * tokens, rotation, kid floods, an unreachable provider, and every way a foreign token must be refused.
 */
class ExternalIssuerTest {
    private static final String AUDIENCE = "orders-api";
    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private final TestIdentityProvider idp = TestIdentityProvider.start();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private AuthService auth;

    @AfterEach
    void stop() {
        if (auth != null) {
            auth.close();
        }
        idp.close();
    }

    private AuthService service(Map<String, String> external) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", SECRET, "jwtauth.issuer", "jwtauth-test",
                "jwtauth.external.idp.issuer", idp.issuer(), "jwtauth.external.idp.jwks-url", idp.jwksUrl(),
                "jwtauth.external.idp.audience", AUDIENCE, "jwtauth.external.idp.algorithms", "RS256, PS256, ES256"));
        settings.putAll(external);
        settings.values().removeIf(String::isEmpty);
        InMemoryIdentityStore users = new InMemoryIdentityStore(1000);
        users.addUser("1", "local", "Local User", "local-password-1".toCharArray(), Set.of("Registered Users"));
        users.addUser("2", "admin", "Admin User", "admin-password-1".toCharArray(), Set.of("Administrators"));
        users.addUser("3", "IDP:admin", "Squatter", "squatter-password-1".toCharArray(), Set.of("Administrators"));
        auth = JwtAuth.builder().settings(settings).provider(new InMemoryStores(users)).clock(clock)
                .pollManually(new ManualPolling()).build();
        return auth;
    }

    private static void refused(AuthError expected, Executable call) {
        AuthException refused = assertThrows(AuthException.class, call);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(names = {"RS256", "PS256", "ES256"})
    void keycloakShapedTokenThenNameAndRealmRolesMappedAndNoSession(JwsAlgorithm algorithm) {
        ProviderKey key = TestIdentityProvider.newKey("kc-" + algorithm, algorithm, true);
        idp.publish(key);
        AuthService service = service(Map.of("jwtauth.external.idp.roles-claim", "realm_access.roles"));
        String token = TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()).withHeader(Map.of("typ", "JWT"))
                .withClaim("preferred_username", "alice").withClaim("sid", "keycloak-session-id")
                .withClaim("realm_access", Map.of("roles", List.of("Registered Users", "offline_access")))
                .withClaim("resource_access", Map.of("account", Map.of("roles", List.of("view-profile")))), key);

        AuthenticatedUser user = service.authenticate(token);

        assertEquals("idp:alice", user.getName(), "qualified with the provider's name");
        assertEquals("idp", user.identityProvider());
        assertEquals(Set.of("Registered Users", "offline_access"), user.roles());
        assertTrue(user.isExternal());
        assertNull(user.sessionId(), "no jwtauth session, even though Keycloak writes its own sid");
        assertEquals("f2a9c7e0-user", user.userId(), "the id is the provider's sub, as it is");
        assertEquals("keycloak-session-id", user.claims().get("sid"), "the token's claims stay as they were");
        assertEquals(Map.of("roles", List.of("Registered Users", "offline_access")), user.claims().get("realm_access"));
        assertEquals(idp.issuer(), user.claims().get("iss"));
        assertSame(user, service.authenticate(token), "a repeated token is a cache hit");
        assertEquals(1, idp.jwksRequests());
    }

    @ParameterizedTest
    @EnumSource(names = {"RS256", "PS256", "ES256"})
    void entraShapedTokenThenUpnAndRolesMapped(JwsAlgorithm algorithm) {
        // Entra ID publishes keys without alg and writes an x5t thumbprint into the header.
        ProviderKey key = TestIdentityProvider.newKey("entra-" + algorithm, algorithm, false);
        idp.publish(key);
        AuthService service = service(Map.of("jwtauth.external.idp.username-claim", "upn", "jwtauth.external.idp.roles-claim", "roles"));
        String token = TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                .withHeader(Map.of("typ", "JWT", "x5t", "nOo3ZDrODXEK1jKWhXslHR_KXEg"))
                .withClaim("upn", "bob@contoso.example").withClaim("name", "Bob").withClaim("tid", "a-tenant")
                .withArrayClaim("roles", new String[] {"Administrators", "Registered Users"}), key);

        AuthenticatedUser user = service.authenticate(token);

        assertEquals("idp:bob@contoso.example", user.getName());
        assertTrue(user.hasRole("Administrators"));
        assertEquals(Set.of("Administrators", "Registered Users"), user.roles());
        assertNull(user.sessionId());
    }

    @Test
    void noNameClaimThenSubAndScopeRolesFromOneString() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of("jwtauth.external.idp.roles-claim", "scope"));
        AuthenticatedUser user = service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                .withHeader(Map.of("typ", "at+jwt")).withClaim("scope", "orders.read  orders.write"), key));
        assertEquals("idp:f2a9c7e0-user", user.getName());
        assertEquals(Set.of("orders.read", "orders.write"), user.roles());
    }

    @Test
    void providerTokenNamedLikeALocalUserThenQualifiedAndToldApart() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of("jwtauth.external.idp.roles-claim", "realm_access.roles"));
        // The provider lets users choose preferred_username: one chose "admin".
        AuthenticatedUser external = service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                .withClaim("preferred_username", "admin"), key));
        AuthenticatedUser local = service.authenticate(service.login("admin", "admin-password-1".toCharArray(), ClientInfo.local()).accessToken());
        assertEquals("idp:admin", external.getName());
        assertEquals("admin", local.getName());
        assertEquals("idp", external.identityProvider());
        assertNull(local.identityProvider());
    }

    @Test
    void localUserInAProvidersNamespaceThenCannotLogIn() {
        idp.publish(TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true));
        AuthService service = service(Map.of());
        refused(AuthError.BAD_CREDENTIALS, () -> service.login("IDP:admin", "squatter-password-1".toCharArray(), ClientInfo.local()));
    }

    @Test
    void plainNamesWhenOptedInThenTheClaimAsItIs() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of("jwtauth.external.idp.plain-names", "true"));
        AuthenticatedUser user = service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                .withClaim("preferred_username", "alice"), key));
        assertEquals("alice", user.getName());
        assertEquals("idp", user.identityProvider(), "still told apart by the provider's name");
        // With plain names there is no reserved namespace: the local squatter may log in.
        assertEquals("3", service.login("IDP:admin", "squatter-password-1".toCharArray(), ClientInfo.local()).userId());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"nonce", "at_hash", "c_hash", "events"})
    void idOrLogoutTokenThenRefusedAsAnAccessToken(String marker) {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of());
        var token = idp.token(AUDIENCE, clock.instant());
        if (marker.equals("events")) {
            token.withClaim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        } else {
            token.withClaim(marker, "abc123");
        }
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(token, key)));
    }

    @Test
    void keycloakPayloadTypThenBearerAndDpopAcceptedAndOthersRefused() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of());
        for (String typ : List.of("Bearer", "DPoP")) {
            assertEquals("idp:f2a9c7e0-user", service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                    .withClaim("typ", typ).withJWTId("jti-" + typ), key)).getName(), typ);
        }
        for (String typ : List.of("ID", "Refresh", "Logout", "")) {
            refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                    .withClaim("typ", typ).withJWTId("jti-" + typ), key)));
        }
        // A Keycloak ID token: header typ JWT, payload typ ID, at_hash and nonce.
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant())
                .withHeader(Map.of("typ", "JWT")).withClaim("typ", "ID").withClaim("at_hash", "x4Nc3zFhm2t1Q").withClaim("nonce", "n-1")
                .withClaim("azp", AUDIENCE).withClaim("preferred_username", "alice"), key)));
    }

    @Test
    void ownTokensStillWorkBesideExternalOnes() {
        idp.publish(TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true));
        AuthService service = service(Map.of());
        TokenResponse login = service.login("local", "local-password-1".toCharArray(), ClientInfo.local());
        AuthenticatedUser user = service.authenticate(login.accessToken());
        assertEquals("local", user.getName());
        assertTrue(!user.isExternal() && user.sessionId() != null);
        assertEquals(0, idp.jwksRequests(), "jwtauth's own tokens never touch the provider");
    }

    @Test
    void externalTokenAtExtendtokenOrLogoutThenBadToken() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of());
        String token = TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key);
        service.authenticate(token);
        refused(AuthError.BAD_TOKEN, () -> service.renew(token, "some-renewal-token", ClientInfo.local()));
        refused(AuthError.BAD_TOKEN, () -> service.logout(token, false, ClientInfo.local()));
        refused(AuthError.BAD_TOKEN, () -> service.logout(token, true, ClientInfo.local()));
        assertTrue(service.authenticate(token).isExternal(), "and it still authenticates until exp");
    }

    @Test
    void rotatedKeyThenPickedUpThroughItsUnknownKid() {
        ProviderKey old = TestIdentityProvider.newKey("2026-11", JwsAlgorithm.RS256, true);
        ProviderKey rotated = TestIdentityProvider.newKey("2026-12", JwsAlgorithm.RS256, true);
        idp.publish(old);
        AuthService service = service(Map.of());
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), old));
        idp.publish(rotated, old);
        clock.advance(Duration.ofSeconds(31));

        AuthenticatedUser user = service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), rotated));

        assertEquals("idp:f2a9c7e0-user", user.getName());
        assertEquals(2, idp.jwksRequests());
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()).withClaim("n", 2), old));
        assertEquals(2, idp.jwksRequests(), "a known kid needs no fetch");
    }

    @Test
    void unknownKidFloodThenAtMostOneFetchPerInterval() {
        ProviderKey key = TestIdentityProvider.newKey("real", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of());
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        for (int round = 0; round < 3; round++) {
            clock.advance(Duration.ofSeconds(31));
            for (int i = 0; i < 500; i++) {
                ProviderKey forged = new ProviderKey(UUID.randomUUID().toString(), JwsAlgorithm.RS256, key.pair(), true);
                String token = TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()).withClaim("i", i), forged);
                refused(AuthError.BAD_JWT, () -> service.authenticate(token));
                clock.advance(Duration.ofMillis(50));
            }
            assertEquals(2 + round, idp.jwksRequests(), "one fetch for the whole flood of round " + round);
        }
        assertEquals(1, service.metrics().tokenCacheSize(), "refused tokens take no cache slot");
    }

    @Test
    void providerDownThenLastGoodKeysForTheStaleLimitThenUnavailableThenBack() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.ES256, true);
        idp.publish(key);
        idp.cacheControl("public, max-age=300");
        AuthService service = service(Map.of("jwtauth.external.idp.jwks-stale-limit", "PT10M"));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        idp.status(503);

        clock.advance(Duration.ofSeconds(301));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(2, idp.jwksRequests(), "due keys are fetched again; that failed, the last good ones served");
        clock.advance(Duration.ofSeconds(590));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));

        clock.advance(Duration.ofSeconds(10));
        AuthException refused = assertThrows(AuthException.class,
                () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)));
        assertEquals(AuthError.UNAVAILABLE, refused.error());
        assertTrue(refused.retryAfter() != null);
        int requests = idp.jwksRequests();
        refused(AuthError.UNAVAILABLE, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()).withClaim("n", 1), key)));
        assertEquals(requests, idp.jwksRequests(), "no second fetch within the refetch interval, even while down");

        idp.status(200);
        clock.advance(Duration.ofSeconds(31));
        assertEquals("idp:f2a9c7e0-user", service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)).getName());
    }

    @Test
    void providerNeverReachedThenUnavailable() {
        idp.status(500);
        AuthService service = service(Map.of());
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        refused(AuthError.UNAVAILABLE, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)));
    }

    @Test
    void cacheControlHonouredWithinBounds() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        idp.cacheControl("max-age=120");
        AuthService service = service(Map.of());
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        clock.advance(Duration.ofSeconds(100));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(1, idp.jwksRequests(), "within max-age");
        clock.advance(Duration.ofSeconds(21));
        idp.cacheControl("max-age=999999999");
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(2, idp.jwksRequests(), "past max-age");
        clock.advance(Duration.ofHours(23));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(2, idp.jwksRequests());
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        idp.cacheControl("no-cache");
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(3, idp.jwksRequests(), "a huge max-age is cut to 24 h");
        clock.advance(Duration.ofSeconds(45));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(3, idp.jwksRequests(), "no-cache still keeps the keys for the 1 min floor");
        clock.advance(Duration.ofSeconds(16));
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key));
        assertEquals(4, idp.jwksRequests());
    }

    @Test
    void discoveryThenKeysFromItsJwksUri() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        HashMap<String, String> noJwksUrl = new HashMap<>(Map.of("jwtauth.external.idp.jwks-url", ""));
        AuthService service = service(noJwksUrl);
        assertEquals("idp:f2a9c7e0-user", service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)).getName());
        assertEquals(1, idp.discoveryRequests());
        assertEquals(1, idp.jwksRequests());
    }

    @Test
    void discoveryForAnotherIssuerThenNoKeys() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        idp.discoveryIssuer("https://evil.example/realms/test");
        AuthService service = service(new HashMap<>(Map.of("jwtauth.external.idp.jwks-url", "")));
        refused(AuthError.UNAVAILABLE, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)));
        assertEquals(0, idp.jwksRequests());
    }

    @Test
    void oversizedRedirectedOrBrokenKeySetThenNotUsed() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of());
        String token = TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key);
        for (String body : List.of("{\"keys\":[" + "{\"kty\":\"oct\",\"k\":\"AAAA\"},".repeat(20_000) + "{}]}", "[1,2,3]", "{\"keys\":[]}")) {
            idp.body(body);
            refused(AuthError.UNAVAILABLE, () -> service.authenticate(token));
            clock.advance(Duration.ofSeconds(31));
        }
        idp.body(null);
        idp.status(302);
        refused(AuthError.UNAVAILABLE, () -> service.authenticate(token));
        assertEquals(4, idp.jwksRequests(), "the redirect was not followed");
        idp.status(200);
        clock.advance(Duration.ofSeconds(31));
        assertEquals("idp:f2a9c7e0-user", service.authenticate(token).getName());
    }

    @Test
    void slowProviderThenRequestsAnswerUnavailableFastWhileTheFetchRunsInTheBackground() throws Exception {
        idp.publish(TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true));
        idp.delay(Duration.ofSeconds(8));
        AuthService service = service(Map.of());
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        // Forged tokens claiming the issuer, several at once: none may hold its thread for the fetch timeout.
        ExecutorService requests = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> took = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                took.add(requests.submit(() -> {
                    long started = System.nanoTime();
                    refused(AuthError.UNAVAILABLE, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)));
                    return Duration.ofNanos(System.nanoTime() - started).toMillis();
                }));
            }
            for (Future<Long> millis : took) {
                assertTrue(millis.get() < 1500, "a request waited " + millis.get() + " ms for a slow provider");
            }
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void keySetWithPrivateOrSymmetricKeysThenThoseLeftOut() {
        ProviderKey key = TestIdentityProvider.newKey("good", JwsAlgorithm.RS256, true);
        String good = TestIdentityProvider.jwks(List.of(key));
        idp.body("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"" + "A".repeat(43) + "\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"EC\",\"kid\":\"priv\",\"crv\":\"P-256\",\"x\":\"x\",\"y\":\"y\",\"d\":\"d\"},"
                + good.substring("{\"keys\":[".length()));
        AuthService service = service(Map.of());
        assertEquals("idp:f2a9c7e0-user", service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, clock.instant()), key)).getName());
    }

    @Test
    void fetchedKeysThatFailTheImportChecksThenLeftOutAndTheirTokensBadJwt() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        ProviderKey weak = new ProviderKey("weak", JwsAlgorithm.RS256, rsa.generateKeyPair(), true);
        byte[] modulus = ((RSAPublicKey) weak.pair().getPublic()).getModulus().toByteArray();
        modulus = modulus[0] == 0 ? java.util.Arrays.copyOfRange(modulus, 1, modulus.length) : modulus;
        String weakJwk = "{\"kty\":\"RSA\",\"kid\":\"weak\",\"alg\":\"RS256\",\"n\":\""
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(modulus) + "\",\"e\":\"AQAB\"}";
        ProviderKey offCurve = TestIdentityProvider.newKey("off-curve", JwsAlgorithm.ES256, true);
        ObjectNode offCurveJwk = (ObjectNode) new ObjectMapper().readTree(TestIdentityProvider.jwks(List.of(offCurve))).get("keys").get(0);
        offCurveJwk.put("y", offCurveJwk.get("x").asText());
        ProviderKey good = TestIdentityProvider.newKey("good", JwsAlgorithm.RS256, true);
        idp.body("{\"keys\":[" + weakJwk + "," + offCurveJwk + "," + TestIdentityProvider.jwks(List.of(good)).substring("{\"keys\":[".length()));
        AuthService service = service(Map.of());
        Instant now = clock.instant();

        assertEquals("idp:f2a9c7e0-user", service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now), good)).getName());
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now), weak)));
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now), offCurve)));
        assertEquals(1, idp.jwksRequests(), "their kids are known to be unusable, not unknown: within the interval nothing is refetched");
    }

    @Test
    void foreignTokensThenBadJwt() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        ProviderKey ec = TestIdentityProvider.newKey("k2", JwsAlgorithm.ES256, true);
        idp.publish(key, ec);
        AuthService service = service(Map.of("jwtauth.external.idp.algorithms", "RS256, ES256"));
        Instant now = clock.instant();
        service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now), key));

        // Wrong audience, issuer, and times.
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token("another-app", now), key)));
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withIssuer(idp.issuer() + "-other"), key)));
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withExpiresAt(now.minusSeconds(31)), key)));
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withNotBefore(now.plusSeconds(60)), key)));
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withIssuedAt(now.plusSeconds(60)), key)));
        // An algorithm not configured (PS256 with the RS256 key), and a key used for another algorithm.
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now), key.forAlgorithm(JwsAlgorithm.PS256))));
        // HS256 "signed" with the provider's public key: the classic algorithm confusion.
        String confused = JWT.create().withKeyId("k1").withIssuer(idp.issuer()).withAudience(AUDIENCE).withSubject("mallory")
                .withExpiresAt(now.plusSeconds(300)).sign(Algorithm.HMAC256(key.pair().getPublic().getEncoded()));
        refused(AuthError.BAD_JWT, () -> service.authenticate(confused));
        // alg none, in any spelling; and a token naming its own key.
        for (String none : List.of("none", "None", "NONE")) {
            String header = b64("{\"alg\":\"" + none + "\",\"kid\":\"k1\"}");
            String payload = TestIdentityProvider.sign(idp.token(AUDIENCE, now), key).split("\\.")[1];
            refused(AuthError.BAD_JWT, () -> service.authenticate(header + "." + payload + "."));
            refused(AuthError.BAD_JWT, () -> service.authenticate(header + "." + payload + ".c2ln"));
        }
        String jku = TestIdentityProvider.sign(idp.token(AUDIENCE, now).withHeader(Map.of("jku", "https://evil.example/jwks")), key);
        refused(AuthError.BAD_JWT, () -> service.authenticate(jku));
        // Roles or user name of the wrong shape.
        AuthService strict = service;
        refused(AuthError.BAD_JWT, () -> strict.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withClaim("preferred_username", 42), key)));
        assertEquals(1, idp.jwksRequests(), "none of these made the provider's keys be fetched again");
    }

    @Test
    void rolesClaimOfTheWrongShapeThenBadJwt() {
        ProviderKey key = TestIdentityProvider.newKey("k1", JwsAlgorithm.RS256, true);
        idp.publish(key);
        AuthService service = service(Map.of("jwtauth.external.idp.roles-claim", "realm_access.roles"));
        Instant now = clock.instant();
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withClaim("realm_access", Map.of("roles", List.of("a", 1))), key)));
        refused(AuthError.BAD_JWT, () -> service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withClaim("realm_access", Map.of("roles", Map.of("a", "b"))), key)));
        assertEquals(Set.of(), service.authenticate(TestIdentityProvider.sign(idp.token(AUDIENCE, now)
                .withClaim("realm_access", "not an object"), key)).roles(), "a path that is not there gives no roles");
    }

    @Test
    void badExternalSettingsThenStartUpFailsNamingTheKey() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("jwtauth.external.idp.algorithms", "HS256");
        cases.put("jwtauth.external.idp.audience", "");
        cases.put("jwtauth.external.idp.jwks-url", "http://idp.example/certs");
        cases.put("jwtauth.external.idp.issuer", "");
        cases.put("jwtauth.external.idp.roles-claim", "realm_access..roles");
        cases.put("jwtauth.external.idp.jwks-refetch-interval", "0s");
        cases.put("jwtauth.external.idp.rolez", "roles");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            ConfigException refused = assertThrows(ConfigException.class, () -> service(Map.of(bad.getKey(), bad.getValue())),
                    bad.toString());
            assertTrue(refused.getMessage().contains(bad.getKey()), refused.getMessage());
        }
        ConfigException ownIssuer = assertThrows(ConfigException.class, () -> service(Map.of(
                "jwtauth.external.other.issuer", "jwtauth-test", "jwtauth.external.other.audience", AUDIENCE)));
        assertTrue(ownIssuer.getMessage().contains("jwtauth.external.other.issuer"), ownIssuer.getMessage());
        ConfigException twice = assertThrows(ConfigException.class, () -> service(Map.of(
                "jwtauth.external.other.issuer", idp.issuer(), "jwtauth.external.other.audience", AUDIENCE)));
        assertTrue(twice.getMessage().contains("configure each issuer once"), twice.getMessage());
    }

    private static String b64(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
