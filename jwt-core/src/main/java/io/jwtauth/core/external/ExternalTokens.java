package io.jwtauth.core.external;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.tokens.IdTokens;
import io.jwtauth.core.tokens.LogoutTokens;
import io.jwtauth.core.tokens.SignInStates;
import io.jwtauth.core.tokens.TokenVerifier;
import io.jwtauth.core.tokens.VerifiedToken;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Access tokens of the configured external identity providers. A token is routed by its (unverified) {@code iss}
 * to that issuer's own verifier, which then checks everything as strictly as for jwtauth's tokens: the signature
 * with a key of the issuer's fetched set pinned to one of its configured algorithms, {@code iss}, {@code aud},
 * {@code exp}, {@code nbf} and {@code iat} with the clock skew. The user name and roles come from the configured
 * claims. Such tokens have no jwtauth session. Immutable and thread-safe; {@link #NONE} when none is configured.
 */
public final class ExternalTokens implements AutoCloseable {
    public static final ExternalTokens NONE = new ExternalTokens(Map.of(), Map.of(), Map.of(), null, null, 0);

    private final Map<String, Issuer> byIssuer;
    /** By provider name: the logout-token check of each provider with {@code backchannel-logout=true}. */
    private final Map<String, LogoutTokens> logoutTokens;
    /** By provider name: browser sign-in, for each provider with a {@code client-id}. */
    private final Map<String, ProviderSignIn> signIns;
    private final JwksFetcher fetcher;
    /** Runs the key fetches: at most one at a time per issuer, so the pool never holds more threads than issuers. */
    private final ExecutorService fetches;
    private final int maxTokenLength;

    private record Issuer(ExternalIssuer settings, TokenVerifier verifier) {
    }

    /** A verified external token with the user name and roles its issuer's claims give, and the provider's name. */
    public record Identity(VerifiedToken token, String name, List<String> roles, String provider) {
    }

    private ExternalTokens(Map<String, Issuer> byIssuer, Map<String, LogoutTokens> logoutTokens, Map<String, ProviderSignIn> signIns,
                           JwksFetcher fetcher, ExecutorService fetches, int maxTokenLength) {
        this.byIssuer = byIssuer;
        this.logoutTokens = logoutTokens;
        this.signIns = signIns;
        this.fetcher = fetcher;
        this.fetches = fetches;
        this.maxTokenLength = maxTokenLength;
    }

    public static ExternalTokens create(List<ExternalIssuer> issuers, Duration clockSkew, int maxTokenLength, Clock clock) {
        if (issuers.isEmpty()) {
            return NONE;
        }
        JwksFetcher fetcher = new JwksFetcher(JwksFetcher.TIMEOUT);
        ExecutorService fetches = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "jwtauth-key-fetch");
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Issuer> byIssuer = new HashMap<>();
        Map<String, LogoutTokens> logouts = new HashMap<>();
        Map<String, ProviderSignIn> signIns = new HashMap<>();
        for (ExternalIssuer issuer : issuers) {
            RemoteKeySet keys = new RemoteKeySet(issuer, fetcher, clock, fetches);
            TokenVerifier verifier = TokenVerifier.builder(keys).providerHeaders().issuer(issuer.issuer())
                    .audience(issuer.audience()).clockSkew(clockSkew).maxTokenLength(maxTokenLength).clock(clock).build();
            byIssuer.put(issuer.issuer(), new Issuer(issuer, verifier));
            if (issuer.backchannelLogout()) {
                logouts.put(issuer.name(), new LogoutTokens(verifier, issuer.issuer(), issuer.logoutAudience(), clockSkew, clock));
            }
            if (issuer.clientId() != null) {
                TokenVerifier idTokenVerifier = TokenVerifier.builder(keys).providerHeaders().issuer(issuer.issuer())
                        .audience(issuer.clientId()).clockSkew(clockSkew).maxTokenLength(maxTokenLength).clock(clock).build();
                IdTokens idTokens = new IdTokens(idTokenVerifier, issuer.clientId(), clockSkew, SignInStates.LIFETIME, clock);
                // The access token beside the ID token came straight from the token endpoint for this client: its roles
                // count when it names this client as audience or as the party it was issued to (azp), as Keycloak writes.
                TokenVerifier signInAccessTokens = TokenVerifier.builder(keys).providerHeaders().issuer(issuer.issuer())
                        .clockSkew(clockSkew).maxTokenLength(maxTokenLength).clock(clock).build();
                signIns.put(issuer.name(), new ProviderSignIn(issuer, fetcher, idTokens, signInAccessTokens, clock));
            }
        }
        return new ExternalTokens(Map.copyOf(byIssuer), Map.copyOf(logouts), Map.copyOf(signIns), fetcher, fetches, maxTokenLength);
    }

    /**
     * {@code bad-token} for a token that claims an external issuer, which has no jwtauth session to be {@code what}
     * (renewed, logged out) here: as for any token without a live session.
     */
    public void refuseSessionUse(String token, String what) {
        if (claimsExternalIssuer(token)) {
            throw new AuthException(AuthError.BAD_TOKEN, "an external issuer's token has no jwtauth session and cannot be " + what + " here");
        }
    }

    /**
     * Whether {@code token} claims to come from a configured external issuer. Nothing is verified: this only says
     * which verifier must judge it.
     */
    public boolean claimsExternalIssuer(String token) {
        return !byIssuer.isEmpty() && issuerOf(token) != null;
    }

    /**
     * Verifies {@code token} when it {@linkplain #claimsExternalIssuer claims} an external issuer, or returns
     * {@code null} when it claims none (then it is for jwtauth's own verifier). {@code bad-jwt} for any flaw,
     * {@code unavailable} when the issuer's keys cannot be fetched and no good ones are left.
     */
    public Identity verifyIfExternal(String token) {
        Issuer issuer = byIssuer.isEmpty() ? null : issuerOf(token);
        if (issuer == null) {
            return null;
        }
        VerifiedToken verified = issuer.verifier().verify(token);
        ExternalIssuer settings = issuer.settings();
        String name = settings.namePrefix() + userName(verified, settings.usernameClaim());
        List<String> roles = settings.rolesClaim() == null ? List.of() : settings.rolesClaim().valuesIn(verified);
        return new Identity(verified, name, roles, settings.name());
    }

    /** Browser sign-in through the provider of this name, or {@code null} when it has no {@code client-id} (or no such provider). */
    public ProviderSignIn signIn(String provider) {
        return signIns.get(provider);
    }

    /** The names of the providers browsers can sign in through. */
    public java.util.Set<String> signInProviders() {
        return signIns.keySet();
    }

    /** Whether the provider of this name takes back-channel logouts ({@code backchannel-logout=true}). */
    public boolean takesBackchannelLogout(String provider) {
        return logoutTokens.containsKey(provider);
    }

    /**
     * A back-channel logout token of the provider of this name, checked ({@link LogoutTokens}); {@code invalid_request}
     * for a provider that takes none.
     */
    public LogoutTokens.LogoutToken verifyLogout(String provider, String token) {
        LogoutTokens checks = logoutTokens.get(provider);
        if (checks == null) {
            throw new AuthException(AuthError.INVALID_REQUEST, "no back-channel logout for provider '" + provider + "'");
        }
        return checks.verify(token);
    }

    /**
     * Whether a local user with this name would share the namespace of a provider's qualified names
     * ({@code <provider>:…}, letter case ignored, as a store's collation may): such a user may not log in, so that
     * a local and an external principal never have the same name.
     */
    public boolean isReservedName(String username) {
        for (Issuer issuer : byIssuer.values()) {
            String prefix = issuer.settings().namePrefix();
            if (!prefix.isEmpty() && username.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /** The configured claim, else {@code sub}; {@code bad-jwt} when neither is a non-empty string. */
    static String userName(VerifiedToken token, String claim) {
        Object value = token.claim(claim);
        if (value != null && !(value instanceof String)) {
            throw new AuthException(AuthError.BAD_JWT, "the user name claim " + claim + " is not a string");
        }
        String name = value != null && !((String) value).isEmpty() ? (String) value : token.subject();
        if (name == null || name.isEmpty()) {
            throw new AuthException(AuthError.BAD_JWT, "neither " + claim + " nor sub names the user");
        }
        return name;
    }

    /** The issuer the payload's {@code iss} names, read without verifying anything; {@code null} for none. */
    private Issuer issuerOf(String token) {
        if (token == null || token.length() > maxTokenLength) {
            return null;
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            JsonNode iss = StrictJson.read(Base64.getUrlDecoder().decode(token.substring(first + 1, second))).get("iss");
            return iss != null && iss.isTextual() ? byIssuer.get(iss.asText()) : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (fetches != null) {
            fetches.shutdownNow();
        }
        if (fetcher != null) {
            fetcher.close();
        }
    }
}
