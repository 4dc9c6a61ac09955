package io.jwtauth.core.external;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.tokens.ClientAssertions;
import io.jwtauth.core.tokens.IdTokens;
import io.jwtauth.core.tokens.SignInStates;
import io.jwtauth.core.tokens.TokenVerifier;
import io.jwtauth.core.tokens.VerifiedToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sign-in through one identity provider (OpenID Connect Core 1.0, authorization code flow, with PKCE, RFC
 * 7636): the authorization request, the code exchange at the token endpoint (authenticated by secret, by
 * {@code private_key_jwt}, or not at all for a public client), the ID token's checks ({@link IdTokens}), and the user's
 * name and roles, mapped by the same claims as the provider's access tokens. The provider's endpoints come from its
 * discovery document, read at the first sign-in and again hourly. Thread-safe.
 */
public final class ProviderSignIn {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderSignIn.class);
    private static final Duration ENDPOINTS_KEPT = Duration.ofHours(1);
    /** A provider's error code goes to the log; anything longer or stranger than an RFC 6749 code does not. */
    private static final int MAX_ERROR_CODE = 64;

    private final ExternalIssuer issuer;
    private final JwksFetcher fetcher;
    private final IdTokens idTokens;
    /** Verifies the access token beside the ID token (no audience: checked as aud or azp): roles the ID token lacks come from it. */
    private final TokenVerifier accessTokens;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Endpoints endpoints;
    private volatile long endpointsFetchedMillis;

    /** Where the provider wants browsers and code exchanges; {@code endSession} may be null. */
    record Endpoints(URI authorization, URI token, URI endSession) {
    }

    /**
     * A finished sign-in: the provider's name, its subject, the user's name and roles as mapped, the provider's session
     * id ({@code sid}, may be null) and the ID token (for the end-session request's {@code id_token_hint}).
     */
    public record SignedIn(String provider, String subject, String name, List<String> roles, String providerSessionId,
                           String idToken) {
        /** Never shows the ID token. */
        @Override
        public String toString() {
            return "SignedIn[" + provider + ", " + name + ", roles=" + roles + "]";
        }
    }

    ProviderSignIn(ExternalIssuer issuer, JwksFetcher fetcher, IdTokens idTokens, TokenVerifier accessTokens, Clock clock) {
        this.issuer = issuer;
        this.fetcher = fetcher;
        this.idTokens = idTokens;
        this.accessTokens = accessTokens;
        this.clock = clock;
    }

    public String provider() {
        return issuer.name();
    }

    /** The URL the browser goes to: the provider's authorization endpoint with this sign-in's parameters. */
    public URI authorizationUrl(SignInStates.State state, String redirectUri) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", issuer.clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", String.join(" ", issuer.signIn().scopes()));
        query.put("state", state.state());
        query.put("nonce", state.nonce());
        query.put("code_challenge", SignInStates.codeChallenge(state.codeVerifier()));
        query.put("code_challenge_method", "S256");
        return withQuery(endpoints().authorization(), query);
    }

    /**
     * Exchanges the code and checks what comes back: {@code invalid_request} when the provider refuses the code (used
     * before, expired, another client's) or the ID token fails a check; {@code unavailable} when the provider cannot be
     * reached.
     */
    public SignedIn finish(SignInStates.State state, String code, String redirectUri) {
        Endpoints at = endpoints();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", state.codeVerifier());
        String authorization = null;
        if (issuer.signIn().clientSecret() != null) {
            // RFC 6749 §2.3.1: both parts form-encoded before they are joined and base64-encoded.
            String credentials = encode(issuer.clientId()) + ':' + encode(issuer.signIn().clientSecret());
            authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        } else {
            form.put("client_id", issuer.clientId());
            if (issuer.signIn().clientKey() != null) {
                form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
                form.put("client_assertion", ClientAssertions.create(issuer.signIn().clientKey(), issuer.clientId(), at.token().toString(),
                        clock.instant()));
            }
        }
        JwksFetcher.Answer answer;
        try {
            answer = fetcher.postForm(at.token(), formBody(form), authorization);
        } catch (IOException e) {
            LOG.warn("jwtauth: identity provider {}: its token endpoint cannot be reached: {}", issuer.name(), e.getMessage());
            throw new AuthException(AuthError.UNAVAILABLE, "the provider's token endpoint cannot be reached");
        }
        JsonNode reply = parse(answer.body());
        if (answer.status() != 200) {
            String error = reply == null ? null : reply.path("error").asText(null);
            String shown = error != null && error.length() <= MAX_ERROR_CODE && error.matches("[a-z_]+") ? error : "(no error code)";
            LOG.info("jwtauth: identity provider {} refused a sign-in's code: HTTP {} {}", issuer.name(), answer.status(), shown);
            if (answer.status() >= 500 || answer.status() == 0) {
                throw new AuthException(AuthError.UNAVAILABLE, "the provider's token endpoint failed");
            }
            throw new AuthException(AuthError.INVALID_REQUEST, "the provider refused the code: " + shown);
        }
        if (reply == null || !reply.path("id_token").isTextual()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "the provider's token response has no ID token");
        }
        String accessToken = reply.path("access_token").isTextual() ? reply.get("access_token").asText() : null;
        IdTokens.IdToken idToken = idTokens.verify(reply.get("id_token").asText(), state.nonce(), accessToken);
        VerifiedToken claims = idToken.token();
        String name = issuer.namePrefix() + ExternalTokens.userName(claims, issuer.usernameClaim());
        List<String> roles = roles(claims, accessToken, idToken.subject());
        return new SignedIn(issuer.name(), idToken.subject(), name, roles, idToken.providerSessionId(), reply.get("id_token").asText());
    }

    /**
     * The roles claim of the ID token; where the ID token has none (Keycloak writes realm roles into access tokens
     * only), the access token's, if it is a valid access token of this provider (signature, issuer, times) for this
     * client ({@code aud} or {@code azp}) about the same subject: it came straight from the token endpoint, in answer
     * to this client's own code. No roles otherwise.
     */
    private List<String> roles(VerifiedToken idToken, String accessToken, String subject) {
        ClaimPath claim = issuer.rolesClaim();
        if (claim == null) {
            return List.of();
        }
        List<String> fromIdToken = claim.valuesIn(idToken);
        if (!fromIdToken.isEmpty() || accessToken == null) {
            return fromIdToken;
        }
        try {
            VerifiedToken access = accessTokens.verify(accessToken);
            boolean forThisClient = access.audience().contains(issuer.clientId()) || issuer.clientId().equals(access.claim("azp"));
            if (forThisClient && subject.equals(access.subject())) {
                return claim.valuesIn(access);
            }
            LOG.warn("jwtauth: identity provider {}: the access token of a sign-in is {}; no roles taken", issuer.name(),
                    forThisClient ? "about another subject" : "for another client (neither aud nor azp names the client-id)");
        } catch (AuthException e) {
            LOG.info("jwtauth: identity provider {}: the ID token has no roles claim and the access token beside it does not verify "
                    + "as one for this application ({}); the user signs in without roles", issuer.name(), e.getMessage());
        }
        return List.of();
    }

    /**
     * The provider's end-session URL (OpenID Connect RP-Initiated Logout 1.0) with {@code id_token_hint} (when known) and
     * {@code post_logout_redirect_uri}; {@code null} when the provider publishes none or cannot be reached now.
     */
    public URI endSessionUrl(String idTokenHint, String postLogoutRedirectUri) {
        Endpoints at;
        try {
            at = endpoints();
        } catch (AuthException unavailable) {
            return null;
        }
        if (at.endSession() == null) {
            return null;
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (idTokenHint != null) {
            query.put("id_token_hint", idTokenHint);
        }
        query.put("client_id", issuer.clientId());
        query.put("post_logout_redirect_uri", postLogoutRedirectUri);
        return withQuery(at.endSession(), query);
    }

    /** The provider's endpoints from discovery: fetched at first use and hourly; the last good ones serve while it fails. */
    private Endpoints endpoints() {
        Endpoints known = endpoints;
        long now = clock.millis();
        if (known != null && now - endpointsFetchedMillis < ENDPOINTS_KEPT.toMillis()) {
            return known;
        }
        synchronized (lock) {
            if (endpoints != null && now - endpointsFetchedMillis < ENDPOINTS_KEPT.toMillis()) {
                return endpoints;
            }
            try {
                endpoints = discover();
                endpointsFetchedMillis = now;
            } catch (IOException | RuntimeException e) {
                LOG.warn("jwtauth: identity provider {}: cannot read its discovery document at {}: {}", issuer.name(),
                        Settings.maskCredentials(issuer.signInDiscoveryUrl().toString()), e.getMessage());
                if (endpoints == null) {
                    throw new AuthException(AuthError.UNAVAILABLE, "the provider's discovery document cannot be read");
                }
                endpointsFetchedMillis = now; // the last good ones serve another round
            }
            return endpoints;
        }
    }

    private Endpoints discover() throws IOException {
        URI url = issuer.signInDiscoveryUrl();
        JsonNode root = StrictJson.read(fetcher.get(url).body());
        if (!root.path("issuer").isTextual() || !issuer.issuer().equals(root.get("issuer").asText())) {
            throw new IOException("the discovery document is for another issuer");
        }
        return new Endpoints(endpoint(root, "authorization_endpoint", true), endpoint(root, "token_endpoint", true),
                endpoint(root, "end_session_endpoint", false));
    }

    private static URI endpoint(JsonNode root, String name, boolean required) throws IOException {
        JsonNode value = root.get(name);
        if (value == null || !value.isTextual()) {
            if (required) {
                throw new IOException("the discovery document has no " + name);
            }
            return null;
        }
        try {
            return ExternalIssuer.url(name, value.asText());
        } catch (ConfigException e) {
            throw new IOException("the discovery document's " + e.getMessage());
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = StrictJson.read(body);
            return node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static URI withQuery(URI endpoint, Map<String, String> query) {
        StringBuilder url = new StringBuilder(endpoint.toString());
        char separator = endpoint.getRawQuery() == null ? '?' : '&';
        for (Map.Entry<String, String> entry : query.entrySet()) {
            url.append(separator).append(encode(entry.getKey())).append('=').append(encode(entry.getValue()));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    private static String formBody(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> entry : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(encode(entry.getKey())).append('=').append(encode(entry.getValue()));
        }
        return body.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
