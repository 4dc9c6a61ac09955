package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.external.ExternalTokens;
import io.jwtauth.core.external.ProviderSignIn;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.SessionRecord;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.core.tokens.SignInStates;
import io.jwtauth.core.tokens.TokenIssuer;
import io.jwtauth.core.tokens.VerifiedToken;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions opened by signing in at an identity provider (OpenID Connect code flow): the steps before the session, and
 * what makes such a session different afterwards.
 *
 * <ul>
 *   <li>A sign-in's state is single use on every node: the callback records it in the session store as a marker (an id
 *       that no session id can take, {@value #STATE_MARKER_PREFIX}…, purged when the sign-in would have expired) before
 *       the code is exchanged, and a second callback with it finds the marker and is refused.</li>
 *   <li>The session's user is the provider's: id {@code <provider>:<sub>}, name and roles as the provider's claims map
 *       them. Its tokens say so ({@code idp}, {@code idp_sid}), and its credential digest is that of a stamp only such a
 *       session has, so a renewal takes the user from the session's own last token (signed by us) instead of the
 *       identity store, which has no such user.</li>
 *   <li>The provider's back-channel logout of its session ({@code sid}) or subject ends the jwtauth session: its tokens
 *       are refused from the logout on, and its renewal ends it.</li>
 * </ul>
 * Thread-safe.
 */
final class ProviderSessions {
    /** State markers start with this; a session id (base64url of random bytes) never has a colon. */
    static final String STATE_MARKER_PREFIX = "oidc:";
    private static final String NO_SECRET = Secrets.sha256("jwtauth: a sign-in state marker has no renewal token");
    private static final int MAX_RETURN_PATH = 2048;

    /** The provider a session was signed in at, and the provider's session id (may be null). */
    record Link(String provider, String providerSessionId) {
    }

    private final ExternalTokens external;
    private final SignInStates states;
    private final Sessions sessions;
    private final ProviderLogouts logouts;
    private final java.time.Clock clock;

    ProviderSessions(ExternalTokens external, SignInStates states, Sessions sessions, ProviderLogouts logouts, java.time.Clock clock) {
        this.clock = clock;
        this.external = external;
        this.states = states;
        this.sessions = sessions;
        this.logouts = logouts;
    }

    SignInStart start(String provider, String returnPath, String redirectUri) {
        ProviderSignIn signIn = signIn(provider);
        SignInStates.State state = states.begin(provider, localPath(returnPath));
        return new SignInStart(signIn.authorizationUrl(state, redirectUri), states.seal(state));
    }

    /** The callback's checks in order, then the code exchange: the provider's user and where the browser returns. */
    Finished finish(String provider, SignInCallback callback) {
        ProviderSignIn signIn = signIn(provider);
        SignInStates.State state = states.open(callback.stateCookie(), provider);
        if (callback.state() == null || !Secrets.constantTimeEquals(callback.state(), state.state())) {
            throw new AuthException(AuthError.INVALID_REQUEST, "state does not match this browser's sign-in");
        }
        consume(state);
        if (callback.error() != null) {
            throw new AuthException(AuthError.INVALID_REQUEST, "the provider answered with an error instead of a code");
        }
        if (callback.code() == null || callback.code().isEmpty()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "the callback carries no code");
        }
        return new Finished(signIn.finish(state, callback.code(), callback.redirectUri()), state.returnPath());
    }

    /** What {@link #finish} found. */
    record Finished(ProviderSignIn.SignedIn user, String returnPath) {
    }

    /** The provider's end-session URL for a session whose last token is {@code token}, or {@code null}. */
    URI endSessionUrl(VerifiedToken token, String idTokenHint, String postLogoutRedirectUri) {
        Link link = linkOf(token);
        ProviderSignIn signIn = link == null ? null : external.signIn(link.provider());
        return signIn == null ? null : signIn.endSessionUrl(idTokenHint, postLogoutRedirectUri);
    }

    Set<String> providers() {
        return external.signInProviders();
    }

    /** The session's user as the provider gave it. */
    static UserRecord userOf(ProviderSignIn.SignedIn signedIn) {
        String userId = userId(signedIn.provider(), signedIn.subject());
        return new UserRecord(userId, signedIn.name(), signedIn.name(), Set.copyOf(signedIn.roles()),
                credentialStamp(signedIn.provider(), signedIn.subject()), true);
    }

    /** The provider link a token of ours carries, or {@code null} for a session of a local user. */
    static Link linkOf(VerifiedToken token) {
        if (!token.hasClaim(TokenIssuer.IDENTITY_PROVIDER_CLAIM)) {
            return null; // a local login: the common case costs a map look-up
        }
        Object provider = token.claim(TokenIssuer.IDENTITY_PROVIDER_CLAIM);
        if (!(provider instanceof String name)) {
            return null;
        }
        Object sid = token.claim(TokenIssuer.PROVIDER_SESSION_CLAIM);
        return new Link(name, sid instanceof String value ? value : null);
    }

    /**
     * The user of a provider session's renewal, from its last token; a refusal (the session then ends) when the session
     * was not opened by that provider's sign-in, the provider signs no one in any more, or it logged the session out.
     */
    UserRecord renewalUser(VerifiedToken token, Link link, SessionRecord session) {
        String subject = subjectOf(link.provider(), session.userId());
        if (subject == null || !Secrets.constantTimeEquals(Secrets.sha256(credentialStamp(link.provider(), subject)),
                session.credentialDigest())) {
            throw new AuthException(AuthError.BAD_TOKEN, "the session was not opened by this provider's sign-in");
        }
        if (external.signIn(link.provider()) == null) {
            throw new AuthException(AuthError.BAD_TOKEN, "provider '" + link.provider() + "' no longer signs users in");
        }
        if (logouts.loggedOutSince(markersOf(link, subject), session.createdAt().getEpochSecond())) {
            throw new AuthException(AuthError.BAD_TOKEN, "the identity provider logged this session out");
        }
        return new UserRecord(session.userId(), token.username() == null ? session.userId() : token.username(), null,
                Set.copyOf(token.roles()), credentialStamp(link.provider(), subject), true);
    }

    /** The logout markers that end a token of ours of a provider session; empty for a local user's or without back-channel. */
    List<String> markersOf(VerifiedToken token) {
        Link link = linkOf(token);
        if (link == null || !external.takesBackchannelLogout(link.provider())) {
            return List.of();
        }
        String subject = subjectOf(link.provider(), token.subject());
        return subject == null ? List.of() : markersOf(link, subject);
    }

    private List<String> markersOf(Link link, String subject) {
        return external.takesBackchannelLogout(link.provider())
                ? ProviderLogouts.markersOf(link.provider(), link.providerSessionId(), subject) : List.of();
    }

    private ProviderSignIn signIn(String provider) {
        ProviderSignIn signIn = provider == null ? null : external.signIn(provider);
        if (signIn == null) {
            throw new AuthException(AuthError.INVALID_REQUEST, "no identity provider to sign in with by that name");
        }
        return signIn;
    }

    /** Records the state as used; {@code invalid_request} when it was used before (on any node). */
    private void consume(SignInStates.State state) {
        String markerId = STATE_MARKER_PREFIX + Base64Url.encode(Secrets.sha256Bytes(state.state()));
        if (sessions.reload(markerId).isPresent()) {
            throw new AuthException(AuthError.INVALID_REQUEST, "this sign-in's state was used before");
        }
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try {
            sessions.open(new SessionRecord(markerId, STATE_MARKER_PREFIX + state.provider(), NO_SECRET, List.of(), null, 0,
                    "sign-in-state", NO_SECRET, now, null, state.expiresAt(), null, null, null));
        } catch (RuntimeException failed) {
            Optional<SessionRecord> meanwhile = sessions.reload(markerId);
            if (meanwhile.isPresent()) {
                throw new AuthException(AuthError.INVALID_REQUEST, "this sign-in's state was used at the same moment elsewhere");
            }
            throw failed;
        }
    }

    /**
     * Where the browser goes after signing in: a path of this application, else {@code /}. Never another site: not
     * {@code //host}, not {@code /\host} (which browsers read as {@code //host}), no scheme, no control characters.
     */
    static String localPath(String returnPath) {
        if (returnPath == null || returnPath.isEmpty() || returnPath.length() > MAX_RETURN_PATH || returnPath.charAt(0) != '/') {
            return "/";
        }
        if (returnPath.length() > 1 && (returnPath.charAt(1) == '/' || returnPath.charAt(1) == '\\')) {
            return "/";
        }
        for (int i = 0; i < returnPath.length(); i++) {
            char c = returnPath.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '\\') {
                return "/";
            }
        }
        return returnPath;
    }

    static String userId(String provider, String subject) {
        return provider + ':' + subject;
    }

    /** The provider subject of a session user id {@code <provider>:<sub>}, or {@code null} when it is not one. */
    private static String subjectOf(String provider, String userId) {
        return userId != null && userId.length() > provider.length() + 1 && userId.startsWith(provider)
                && userId.charAt(provider.length()) == ':' ? userId.substring(provider.length() + 1) : null;
    }

    /** What only a provider session's credential digest is the hash of; no identity store writes a stamp with a NUL. */
    private static String credentialStamp(String provider, String subject) {
        return "jwtauth-provider-session\u0000" + provider + '\u0000' + subject;
    }
}
