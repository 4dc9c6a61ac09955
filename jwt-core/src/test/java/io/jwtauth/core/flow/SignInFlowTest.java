package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemorySessionStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.MutableClock;
import io.jwtauth.core.testing.TestIdentityProvider;
import io.jwtauth.core.testing.TestIdentityProvider.ProviderKey;
import io.jwtauth.core.testing.TestSignIn;
import io.jwtauth.core.tokens.LogoutTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #32: browser sign-in through an identity provider (OpenID Connect code flow with PKCE), against the loopback provider
 * shaped like Keycloak, on two nodes sharing one session store: the authorization request, the callback's checks (state
 * and nonce single use on every node, each ID-token check of OIDC Core §3.1.3.7, a code used twice, an external return
 * URL), the session it opens (renewal without the identity store, the provider's back-channel logout ending it on the
 * other node), the end-session URL, and the client's three ways to authenticate.
 */
class SignInFlowTest {
    private static final String CLIENT_ID = "orders-web";
    private static final String SECRET = "s3cret/with+chars";
    private static final String REDIRECT = "https://app.example/auth/oidc/idp/callback";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final TestIdentityProvider idp = TestIdentityProvider.start();
    private final ProviderKey key = TestIdentityProvider.newKey("kc-rs256", JwsAlgorithm.RS256, true);
    private final MutableClock clock = new MutableClock(Instant.now());
    private final InMemorySessionStore sharedSessions = new InMemorySessionStore(clock, 1000);
    private final ManualPolling pollB = new ManualPolling();
    private TestSignIn provider;
    private AuthService nodeA;
    private AuthService nodeB;

    private void start(Map<String, String> extra, String clientSecret) {
        start(extra, clientSecret, CLIENT_ID);
    }

    /** {@code accessTokenAudience}: the {@code aud} of the provider's access tokens (Keycloak's default is {@code account}). */
    private void start(Map<String, String> extra, String clientSecret, String accessTokenAudience) {
        idp.publish(key);
        provider = idp.signIn(CLIENT_ID, clientSecret, accessTokenAudience, key);
        nodeA = node(new ManualPolling(), extra);
        nodeB = node(pollB, extra);
    }

    private void start() {
        start(Map.of("jwtauth.external.idp.client-secret", SECRET), SECRET);
    }

    private AuthService node(ManualPolling polling, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("jwtauth.key.secret", "0123456789abcdef0123456789abcdef",
                "jwtauth.issuer", "jwtauth-test", "jwtauth.external.idp.issuer", idp.issuer(),
                "jwtauth.external.idp.client-id", CLIENT_ID, "jwtauth.external.idp.roles-claim", "realm_access.roles",
                "jwtauth.external.idp.backchannel-logout", "true"));
        settings.putAll(extra);
        return JwtAuth.builder().settings(settings).provider(new InMemoryStores(new InMemoryIdentityStore(1000), sharedSessions))
                .clock(clock).pollManually(polling).build();
    }

    @AfterEach
    void stop() {
        if (nodeA != null) {
            nodeA.close();
            nodeB.close();
        }
        idp.close();
    }

    /** The browser's part: to the authorization endpoint, and back with what the provider's redirect carries. */
    private SignInCallback signInAtProvider(SignInStart start) {
        Map<String, String> back = TestSignIn.query(follow(start.authorizationUrl()));
        return new SignInCallback(back.get("code"), back.get("state"), back.get("error"), start.stateCookie(), REDIRECT);
    }

    private URI follow(URI authorizationUrl) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(authorizationUrl).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(302, response.statusCode(), "the provider signs the user in and redirects back");
            return URI.create(response.headers().firstValue("Location").orElseThrow());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private SignInResult signIn(AuthService node, String returnPath) {
        return node.finishSignIn("idp", signInAtProvider(node.startSignIn("idp", returnPath, REDIRECT)), ClientInfo.local());
    }

    private static void assertRefused(AuthError expected, org.junit.jupiter.api.function.Executable call) {
        AuthException refused = assertThrows(AuthException.class, call);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    @Test
    void signInWhenEveryCheckPassesThenASessionOfTheProvidersUserWithItsRolesOpensAndRenewsWithoutTheIdentityStore() {
        start();
        SignInStart start = nodeA.startSignIn("idp", "/orders?page=2", REDIRECT);
        Map<String, String> asked = TestSignIn.query(start.authorizationUrl());
        assertEquals("code", asked.get("response_type"));
        assertEquals(CLIENT_ID, asked.get("client_id"));
        assertEquals(REDIRECT, asked.get("redirect_uri"));
        assertEquals("openid profile", asked.get("scope"));
        assertEquals("S256", asked.get("code_challenge_method"));
        assertEquals(43, asked.get("code_challenge").length());
        assertEquals(43, asked.get("state").length());
        assertEquals(43, asked.get("nonce").length());

        SignInResult result = nodeA.finishSignIn("idp", signInAtProvider(start), ClientInfo.local());
        assertEquals("/orders?page=2", result.returnPath());
        assertEquals(provider.lastIdToken(), result.idToken());
        assertTrue(provider.lastTokenAuthorization().startsWith("Basic "), "client_secret_basic");
        assertNull(provider.lastTokenRequest().get("client_secret"), "the secret never goes in the form");
        assertEquals(43, provider.lastTokenRequest().get("code_verifier").length());

        AuthenticatedUser user = nodeB.authenticate(result.tokens().accessToken());
        assertEquals("idp:alice", user.getName());
        assertEquals("idp:5a1c-alice", user.userId());
        assertEquals("idp", user.identityProvider(), "where the user comes from");
        assertTrue(!user.isExternal() && user.sessionId() != null, "a jwtauth session, not a provider's token");
        assertTrue(user.hasRole("Registered Users"), "roles from the access token beside the ID token (Keycloak)");
        assertEquals("idp", JWT.decode(result.tokens().accessToken()).getClaim("idp").asString());
        assertEquals("kc-session-1", JWT.decode(result.tokens().accessToken()).getClaim("idp_sid").asString());

        clock.advance(Duration.ofMinutes(20)); // past the access token's lifetime
        pollB.poll();
        TokenResponse renewed = nodeB.renew(result.tokens().accessToken(), result.tokens().renewalToken(), ClientInfo.local());
        AuthenticatedUser again = nodeB.authenticate(renewed.accessToken());
        assertEquals("idp:alice", again.getName());
        assertTrue(again.hasRole("Registered Users"));
        assertEquals("kc-session-1", JWT.decode(renewed.accessToken()).getClaim("idp_sid").asString());
    }

    @Test
    void signInWhenTheIdTokenHasTheRolesClaimThenItsRolesServe() {
        start();
        provider.rolesInIdToken(true).user("u-7", "bob", List.of("Administrators"));
        AuthenticatedUser user = nodeA.authenticate(signIn(nodeA, "/").tokens().accessToken());
        assertEquals("idp:bob", user.getName());
        assertTrue(user.hasRole("Administrators"));
    }

    @Test
    void signInWhenTheAccessTokenNamesTheClientOnlyAsAzpThenItsRolesServeAsKeycloaksDefaultClientWrites() {
        start(Map.of("jwtauth.external.idp.client-secret", SECRET), SECRET, "account");
        AuthenticatedUser user = nodeA.authenticate(signIn(nodeA, "/").tokens().accessToken());
        assertTrue(user.hasRole("Registered Users"), user.roles().toString());
    }

    @Test
    void signInWhenTheAccessTokenIsAnotherClientsThenNoRolesAreTakenFromIt() {
        start(Map.of("jwtauth.external.idp.client-secret", SECRET), SECRET, "account");
        provider.accessTokenAuthorizedParty("another-client");
        AuthenticatedUser user = nodeA.authenticate(signIn(nodeA, "/").tokens().accessToken());
        assertEquals("idp:alice", user.getName());
        assertTrue(user.roles().isEmpty(), user.roles().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "evil", "",
        "/ok\r\nSet-Cookie: x=1"})
    void returnPathWhenNotALocalPathThenTheBrowserGoesToTheRoot(String returnPath) {
        start();
        assertEquals("/", signIn(nodeA, returnPath).returnPath());
    }

    @Test
    void callbackWhenTheStateIsUsedAgainOnAnyNodeThenRefusedAndNoSecondSession() {
        start();
        SignInCallback callback = signInAtProvider(nodeA.startSignIn("idp", "/", REDIRECT));
        nodeA.finishSignIn("idp", callback, ClientInfo.local());
        assertRefused(AuthError.INVALID_REQUEST, () -> nodeA.finishSignIn("idp", callback, ClientInfo.local()));
        assertRefused(AuthError.INVALID_REQUEST, () -> nodeB.finishSignIn("idp", callback, ClientInfo.local()));
    }

    @Test
    void signInStartedOnOneNodeThenAnotherNodeFinishesIt() {
        start();
        SignInCallback callback = signInAtProvider(nodeA.startSignIn("idp", "/orders", REDIRECT));
        SignInResult result = nodeB.finishSignIn("idp", callback, ClientInfo.local());
        assertEquals("/orders", result.returnPath());
        assertEquals("idp:alice", nodeA.authenticate(result.tokens().accessToken()).getName());
    }

    @Test
    void callbackWhenTheCodeWasUsedBeforeThenTheProviderRefusesItAndSoDoWe() {
        start();
        SignInCallback first = signInAtProvider(nodeA.startSignIn("idp", "/", REDIRECT));
        nodeA.finishSignIn("idp", first, ClientInfo.local());
        // A fresh sign-in in the same browser, with the first one's code pasted in.
        SignInStart second = nodeA.startSignIn("idp", "/", REDIRECT);
        String secondState = TestSignIn.query(second.authorizationUrl()).get("state");
        SignInCallback replayedCode = new SignInCallback(first.code(), secondState, null, second.stateCookie(), REDIRECT);
        assertRefused(AuthError.INVALID_REQUEST, () -> nodeB.finishSignIn("idp", replayedCode, ClientInfo.local()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no-cookie", "other-state", "no-state", "tampered-cookie", "expired", "provider-error", "no-code",
        "unknown-provider"})
    void callbackWhenTheStateDoesNotHoldThenInvalidRequest(String flaw) {
        start();
        SignInStart start = nodeA.startSignIn("idp", "/", REDIRECT);
        SignInCallback good = signInAtProvider(start);
        String cookie = start.stateCookie();
        SignInCallback bad = switch (flaw) {
            case "no-cookie" -> new SignInCallback(good.code(), good.state(), null, null, REDIRECT);
            case "other-state" -> new SignInCallback(good.code(), "x".repeat(43), null, cookie, REDIRECT);
            case "no-state" -> new SignInCallback(good.code(), null, null, cookie, REDIRECT);
            case "tampered-cookie" -> new SignInCallback(good.code(), good.state(), null,
                    cookie.substring(0, cookie.length() - 3) + (cookie.endsWith("AAA") ? "BBB" : "AAA"), REDIRECT);
            case "expired" -> {
                clock.advance(Duration.ofMinutes(11));
                yield good;
            }
            case "provider-error" -> new SignInCallback(null, good.state(), "access_denied", cookie, REDIRECT);
            case "no-code" -> new SignInCallback(null, good.state(), null, cookie, REDIRECT);
            default -> good;
        };
        String providerName = flaw.equals("unknown-provider") ? "nope" : "idp";
        assertRefused(AuthError.INVALID_REQUEST, () -> nodeA.finishSignIn(providerName, bad, ClientInfo.local()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"other-issuer", "other-audience", "extra-audience", "other-azp", "expired", "no-iat", "old-iat",
        "future-iat", "other-nonce", "no-nonce", "no-sub", "unknown-key", "at-hash", "refresh-typ", "logout-events", "alg-none"})
    void idTokenWhenAnyCheckFailsThenInvalidRequestAndNoSession(String flaw) {
        start();
        long now = Instant.now().getEpochSecond();
        UnaryOperator<Map<String, Object>> rewrite = claims -> {
            switch (flaw) {
                case "other-issuer" -> claims.put("iss", "https://evil.example/realms/test");
                case "other-audience" -> claims.put("aud", "someone-else");
                case "extra-audience" -> claims.put("aud", List.of(CLIENT_ID, "someone-else"));
                case "other-azp" -> claims.put("azp", "someone-else");
                case "expired" -> claims.put("exp", now - 600);
                case "no-iat" -> claims.put("iat", null);
                case "old-iat" -> claims.put("iat", now - 3600);
                case "future-iat" -> claims.put("iat", now + 3600);
                case "other-nonce" -> claims.put("nonce", "n".repeat(43));
                case "no-nonce" -> claims.put("nonce", null);
                case "no-sub" -> claims.put("sub", null);
                case "at-hash" -> claims.put("at_hash", "AAAAAAAAAAAAAAAAAAAAAA");
                case "refresh-typ" -> claims.put("typ", "Refresh");
                case "logout-events" -> claims.put("events", Map.of(LogoutTokens.EVENT, Map.of()));
                default -> { }
            }
            return claims;
        };
        provider.idTokenClaims(rewrite);
        if (flaw.equals("unknown-key")) {
            provider.idTokenKey(TestIdentityProvider.newKey("kc-rs256", JwsAlgorithm.RS256, true));
        }
        if (flaw.equals("alg-none")) {
            provider.idTokenText(signed -> "eyJhbGciOiJub25lIn0." + signed.split("\\.")[1] + ".");
        }
        SignInStart start = nodeA.startSignIn("idp", "/", REDIRECT);
        SignInCallback callback = signInAtProvider(start);
        int before = sharedSessions.size();
        assertRefused(AuthError.INVALID_REQUEST, () -> nodeA.finishSignIn("idp", callback, ClientInfo.local()));
        assertEquals(before + 1, sharedSessions.size(), "only the used state's marker was written: no session opened");
    }

    @Test
    void providersBackchannelLogoutWhenReceivedByOneNodeThenTheSignedInSessionEndsOnTheOther() {
        start();
        SignInResult result = signIn(nodeA, "/");
        String access = result.tokens().accessToken();
        assertEquals("idp:alice", nodeB.authenticate(access).getName());

        clock.advance(Duration.ofSeconds(2));
        nodeA.backchannelLogout("idp", logoutToken("kc-session-1"), ClientInfo.local());
        pollB.poll();
        assertRefused(AuthError.BAD_TOKEN, () -> nodeB.authenticate(access));
        assertRefused(AuthError.BAD_TOKEN, () -> nodeB.renew(access, result.tokens().renewalToken(), ClientInfo.local()));
        assertTrue(sharedSessions.find(JWT.decode(access).getClaim("sid").asString()).orElseThrow().isRevoked(),
                "the renewal that found the logout ended the session");
    }

    @Test
    void providersLogoutOfAnotherSessionWhenReceivedThenThisSessionLivesOn() {
        start();
        SignInResult result = signIn(nodeA, "/");
        clock.advance(Duration.ofSeconds(2));
        nodeA.backchannelLogout("idp", logoutToken("kc-session-9"), ClientInfo.local());
        pollB.poll();
        assertEquals("idp:alice", nodeB.authenticate(result.tokens().accessToken()).getName());
    }

    private String logoutToken(String sid) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", idp.issuer());
        claims.put("aud", CLIENT_ID);
        claims.put("iat", clock.instant().getEpochSecond());
        claims.put("sid", sid);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("events", Map.of(LogoutTokens.EVENT, Map.of()));
        return JWT.create().withHeader(Map.of("typ", "logout+jwt")).withPayload(claims).withKeyId(key.kid()).sign(key.signer());
    }

    @Test
    void endSessionUrlWhenTheSessionWasSignedInAtTheProviderThenItCarriesTheHintAndTheWayBack() {
        start();
        SignInResult result = signIn(nodeA, "/");
        nodeA.logout(result.tokens().accessToken(), false, ClientInfo.local());
        URI url = nodeA.endSessionUrl(result.tokens().accessToken(), result.idToken(), "https://app.example/");
        assertNotNull(url);
        assertTrue(url.toString().startsWith(idp.issuer() + "/protocol/openid-connect/logout?"), url.toString());
        Map<String, String> query = TestSignIn.query(url);
        assertEquals(result.idToken(), query.get("id_token_hint"));
        assertEquals("https://app.example/", query.get("post_logout_redirect_uri"));
        assertEquals(CLIENT_ID, query.get("client_id"));
    }

    @Test
    void endSessionUrlWhenTheSessionIsALocalLoginThenNone() {
        start();
        assertNull(nodeA.endSessionUrl("not-a-token", null, "https://app.example/"));
    }

    @Test
    void publicClientWhenNoSecretThenTheCodeIsExchangedWithPkceAndTheClientIdAlone() {
        start(Map.of(), null);
        signIn(nodeA, "/");
        assertNull(provider.lastTokenAuthorization());
        assertEquals(CLIENT_ID, provider.lastTokenRequest().get("client_id"));
    }

    @Test
    void privateKeyJwtWhenAClientKeyIsSetThenTheTokenRequestCarriesASignedAssertion(@TempDir Path dir) throws IOException {
        io.jwtauth.core.keys.KeyMaterial clientKey = Keys.generate(JwsAlgorithm.RS256, "client-1");
        Path file = dir.resolve("client.jwk");
        Files.writeString(file, Keys.privateJwk(clientKey));
        start(Map.of("jwtauth.external.idp.client-key-file", file.toString()), null);
        provider.clientAssertionKey(clientKey.publicKey());
        AuthenticatedUser user = nodeA.authenticate(signIn(nodeA, "/").tokens().accessToken());
        assertEquals("idp:alice", user.getName());
        assertNotNull(provider.lastTokenRequest().get("client_assertion"));
    }

    @Test
    void tokenEndpointWhenUnreachableThenUnavailableAndNoSession() {
        start();
        SignInStart start = nodeA.startSignIn("idp", "/", REDIRECT);
        SignInCallback callback = signInAtProvider(start);
        idp.close();
        assertRefused(AuthError.UNAVAILABLE, () -> nodeA.finishSignIn("idp", callback, ClientInfo.local()));
    }

    @Test
    void startWhenTheProviderHasNoClientIdThenInvalidRequest() {
        start();
        assertRefused(AuthError.INVALID_REQUEST, () -> nodeA.startSignIn("nope", "/", REDIRECT));
    }
}
