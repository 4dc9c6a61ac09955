package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.FlowFixture.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.testing.DpopProofs;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions bound to a client's key (RFC 9449) through the whole flow: binding at login, the proof at every request,
 * renewal and logout, what a thief holding both tokens can do (nothing), and {@code jwtauth.dpop} off and required.
 * Also the explicit typing of jwtauth's access tokens ({@code typ: at+jwt}, RFC 9068).
 */
class DpopFlowTest {
    private static final String LOGIN_URL = "https://app.example/auth/login";
    private static final String RENEW_URL = "https://app.example/auth/extendtoken";
    private static final String LOGOUT_URL = "https://app.example/auth/logout";
    private static final String API_URL = "https://app.example/api/orders";

    private FlowFixture flow = new FlowFixture();
    private final DpopProofs client = new DpopProofs(JwsAlgorithm.ES256);
    private final DpopProofs thief = new DpopProofs(JwsAlgorithm.ES256);

    @AfterEach
    void close() {
        flow.close();
    }

    private DpopRequest proof(DpopProofs by, String method, String url, String accessToken) {
        return new DpopRequest(by.proof(method, url, flow.clock.instant(), accessToken), method, url);
    }

    private TokenResponse boundLogin() {
        return flow.auth.login("alice", "alice-password-1".toCharArray(), FlowFixture.CLIENT,
                new SessionOptions(false, proof(client, "POST", LOGIN_URL, null)));
    }

    private Admission request(Credential credential) {
        return flow.auth.admit(credential, Requirement.TOKEN);
    }

    private Credential dpop(DpopProofs by, String accessToken) {
        return Credential.dpop(accessToken, proof(by, "GET", API_URL, accessToken));
    }

    @Test
    void loginWithAProofThenTheTokenIsBoundToItsKeyAndTypedAtJwt() {
        TokenResponse tokens = boundLogin();
        assertTrue(tokens.dpopBound());
        DecodedJWT decoded = JWT.decode(tokens.accessToken());
        assertEquals("at+jwt", decoded.getType());
        assertEquals(client.thumbprint(), decoded.getClaim("cnf").asMap().get("jkt"));
        assertEquals("alice", request(dpop(client, tokens.accessToken())).user().getName());
    }

    @Test
    void loginWithoutAProofThenABearerTokenTypedAtJwtWithoutCnf() {
        TokenResponse tokens = flow.login();
        assertFalse(tokens.dpopBound());
        DecodedJWT decoded = JWT.decode(tokens.accessToken());
        assertEquals("at+jwt", decoded.getType());
        assertTrue(decoded.getClaim("cnf").isMissing());
        assertEquals("alice", request(Credential.token(tokens.accessToken())).user().getName());
        // The DPoP scheme with an unbound token is refused: the proof would prove nothing.
        assertEquals(AuthError.BAD_DPOP, request(dpop(client, tokens.accessToken())).refusal());
    }

    @Test
    void boundTokenWhenPresentedAsBearerOrWithAnotherKeysProofOrABadProofThenRefused() {
        String token = boundLogin().accessToken();
        assertEquals(AuthError.BAD_DPOP, request(Credential.token(token)).refusal(), "a bound token as a bearer token");
        assertEquals(AuthError.BAD_DPOP, request(dpop(thief, token)).refusal(), "a proof by another key");
        assertEquals(AuthError.BAD_DPOP, request(Credential.dpop(token, new DpopRequest(null, "GET", API_URL))).refusal(), "no proof");
        // A proof made for another request: another URL, another method, another token.
        assertEquals(AuthError.BAD_DPOP, request(Credential.dpop(token, new DpopRequest(
                client.proof("GET", "https://app.example/api/other", flow.clock.instant(), token), "GET", API_URL))).refusal());
        assertEquals(AuthError.BAD_DPOP, request(Credential.dpop(token, new DpopRequest(
                client.proof("DELETE", API_URL, flow.clock.instant(), token), "GET", API_URL))).refusal());
        // The same valid proof twice: the second is a replay.
        DpopRequest once = proof(client, "GET", API_URL, token);
        assertEquals("alice", request(Credential.dpop(token, once)).user().getName());
        assertEquals(AuthError.BAD_DPOP, request(Credential.dpop(token, once)).refusal());
        // On an open path a bad proof leaves the caller anonymous, as any token problem does.
        assertEquals(Admission.ANONYMOUS, flow.auth.admit(Credential.token(token), Requirement.OPEN));
    }

    @Test
    void renewalOfABoundSessionThenOnlyWithAProofOfItsKeyAndTheNewTokenStaysBound() {
        TokenResponse tokens = boundLogin();
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.renew(tokens.accessToken(), tokens.renewalToken(), FlowFixture.CLIENT));
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.renew(tokens.accessToken(), tokens.renewalToken(), FlowFixture.CLIENT,
                new SessionOptions(false, proof(thief, "POST", RENEW_URL, tokens.accessToken()))));
        // The refused renewals ended nothing: the owner renews with the key.
        TokenResponse renewed = flow.auth.renew(tokens.accessToken(), tokens.renewalToken(), FlowFixture.CLIENT,
                new SessionOptions(false, proof(client, "POST", RENEW_URL, tokens.accessToken())));
        assertTrue(renewed.dpopBound());
        assertEquals(client.thumbprint(), JWT.decode(renewed.accessToken()).getClaim("cnf").asMap().get("jkt"));
        flow.polling.poll();
        assertEquals("alice", request(dpop(client, renewed.accessToken())).user().getName());
    }

    /** The thief copied both tokens from a log: without the key neither is worth anything, and the owner keeps the session. */
    @Test
    void thiefWithTheAccessAndRenewalTokensButNotTheKeyThenNothingWorks() {
        TokenResponse stolen = boundLogin();
        assertEquals(AuthError.BAD_DPOP, request(Credential.token(stolen.accessToken())).refusal());
        assertEquals(AuthError.BAD_DPOP, request(dpop(thief, stolen.accessToken())).refusal());
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.renew(stolen.accessToken(), stolen.renewalToken(), FlowFixture.CLIENT,
                new SessionOptions(false, proof(thief, "POST", RENEW_URL, stolen.accessToken()))));
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.renew(stolen.accessToken(), stolen.renewalToken(), FlowFixture.CLIENT));
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.logout(stolen.accessToken(), true, FlowFixture.CLIENT,
                proof(thief, "POST", LOGOUT_URL, stolen.accessToken())));
        assertEquals("alice", request(dpop(client, stolen.accessToken())).user().getName(), "the owner is untouched");
        flow.auth.logout(stolen.accessToken(), false, FlowFixture.CLIENT, proof(client, "POST", LOGOUT_URL, stolen.accessToken()));
        flow.polling.poll();
        assertEquals(AuthError.BAD_TOKEN, request(dpop(client, stolen.accessToken())).refusal());
    }

    @Test
    void unboundSessionWhenRenewedWithAProofThenBoundFromThenOn() {
        TokenResponse tokens = flow.login();
        TokenResponse renewed = flow.auth.renew(tokens.accessToken(), tokens.renewalToken(), FlowFixture.CLIENT,
                new SessionOptions(false, proof(client, "POST", RENEW_URL, null)));
        assertTrue(renewed.dpopBound());
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.renew(renewed.accessToken(), renewed.renewalToken(), FlowFixture.CLIENT));
    }

    @Test
    void loginWithABadProofThenRefusedBeforeThePasswordCheck() {
        DpopRequest stale = new DpopRequest(client.proof("POST", LOGIN_URL, flow.clock.instant().minusSeconds(600), null), "POST", LOGIN_URL);
        assertRefused(AuthError.BAD_DPOP, () -> flow.auth.login("alice", "wrong".toCharArray(), FlowFixture.CLIENT,
                new SessionOptions(false, stale)));
        assertTrue(flow.events.stream().noneMatch(event -> event.type() == AuthEvent.Type.LOGIN_FAILED), "no failure counted");
    }

    @Test
    void dpopRequiredThenUnboundLoginsAndTokensAreRefused() {
        flow.close();
        flow = new FlowFixture(Map.of("jwtauth.dpop", "required"));
        assertRefused(AuthError.BAD_DPOP, () -> flow.login());
        TokenResponse bound = boundLogin();
        assertEquals("alice", request(dpop(client, bound.accessToken())).user().getName());
        assertEquals(AuthError.BAD_DPOP, request(Credential.token(bound.accessToken())).refusal());
    }

    @Test
    void dpopOffThenProofsAreIgnoredAtLoginAndTheSchemeIsRefused() {
        flow.close();
        flow = new FlowFixture(Map.of("jwtauth.dpop", "off"));
        TokenResponse tokens = boundLogin();
        assertFalse(tokens.dpopBound());
        assertTrue(JWT.decode(tokens.accessToken()).getClaim("cnf").isMissing());
        assertEquals("alice", request(Credential.token(tokens.accessToken())).user().getName());
        assertEquals(AuthError.BAD_DPOP, request(dpop(client, tokens.accessToken())).refusal());
    }

    @Test
    void plainTokenTypeThenTypJwtAndStillAccepted() {
        TokenResponse tokens = flow.auth.login("alice", "alice-password-1".toCharArray(), FlowFixture.CLIENT,
                new SessionOptions(true, null));
        assertEquals("JWT", JWT.decode(tokens.accessToken()).getType());
        assertEquals("alice", request(Credential.token(tokens.accessToken())).user().getName());
        assertNull(request(Credential.token(tokens.accessToken())).refusal());
    }
}
