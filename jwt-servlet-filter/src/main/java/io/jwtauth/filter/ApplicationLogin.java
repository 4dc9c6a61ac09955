package io.jwtauth.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.Credential;
import io.jwtauth.core.flow.LocalUser;
import io.jwtauth.core.flow.Requirement;
import io.jwtauth.filter.WebXmlDescriptor.LoginConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The application's own {@code <login-config>}, run by jwtauth's module in container-enforced mode for requests that
 * carry no token, against jwtauth's identity store and under its login throttle ({@link AuthService#verifyPassword}):
 *
 * <ul>
 *   <li><b>FORM:</b> a constrained page without a signed-in user forwards to the form-login-page (the request's URL kept
 *       in the HTTP session); {@code POST …/j_security_check} with {@code j_username} and {@code j_password} signs in,
 *       changes the session id, and redirects to the kept URL; a refusal forwards to the form-error-page. The user is
 *       remembered in the HTTP session until it ends or {@code request.logout()}.</li>
 *   <li><b>BASIC:</b> {@code Authorization: Basic} is checked on every request; a correct pair is remembered for
 *       {@link #BASIC_MEMORY} (as a keyed hash, never the password) so that a browser resending it costs no password
 *       check and no throttle attempt. A constrained page without it is challenged with {@code WWW-Authenticate: Basic}.</li>
 *   <li>A client that asks for JSON ({@code Accept: application/json}) gets {@code 401 no-token}, never a form or a
 *       challenge.</li>
 * </ul>
 * Thread-safe.
 */
final class ApplicationLogin {
    /** The session attribute holding the signed-in {@link LocalUser}. */
    static final String USER = ApplicationLogin.class.getName() + ".user";
    /** The session attribute holding the URL a FORM login returns to. */
    private static final String RETURN_TO = ApplicationLogin.class.getName() + ".return-to";
    private static final String LOGIN_ACTION = "/j_security_check";
    /** How long a correct BASIC pair is remembered: a password change or a disabled account is seen after at most this. */
    static final Duration BASIC_MEMORY = Duration.ofSeconds(60);
    private static final int MAX_BASIC_HEADER = 4096;

    private final AuthService auth;
    private final LoginConfig config;
    private final ErrorResponses errors;
    private final ClientRequests clients;
    private final String basicChallenge;
    private final Cache<ByteBuffer, LocalUser> recentBasic;
    private final byte[] basicKey = new byte[32];

    ApplicationLogin(AuthService auth, LoginConfig config, ErrorResponses errors, ClientRequests clients) {
        this.auth = auth;
        this.config = config;
        this.errors = errors;
        this.clients = clients;
        String realm = config.realm() == null || config.realm().isEmpty() ? "jwtauth" : config.realm().replace("\"", "");
        this.basicChallenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
        this.recentBasic = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(BASIC_MEMORY).build();
        new SecureRandom().nextBytes(basicKey);
    }

    LoginConfig config() {
        return config;
    }

    /** The decision for a request that carries no token. */
    ContainerAuthentication.Verdict validate(HttpServletRequest request, HttpServletResponse response, boolean mandatory)
            throws IOException {
        return config.method() == LoginConfig.Method.FORM ? form(request, response, mandatory) : basic(request, response, mandatory);
    }

    // ------------------------------------------------------------------------------------------------ FORM

    private ContainerAuthentication.Verdict form(HttpServletRequest request, HttpServletResponse response, boolean mandatory)
            throws IOException {
        if ("POST".equals(request.getMethod()) && request.getRequestURI().endsWith(LOGIN_ACTION)) {
            return formLogin(request, response);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(USER) instanceof LocalUser user) {
            return ContainerAuthentication.Verdict.caller(user);
        }
        if (!mandatory) {
            return ContainerAuthentication.Verdict.ANONYMOUS;
        }
        if (wantsJson(request)) {
            return ContainerAuthentication.Verdict.refused(auth.admit(Credential.NONE, Requirement.TOKEN));
        }
        if ("GET".equals(request.getMethod())) {
            String query = request.getQueryString();
            request.getSession(true).setAttribute(RETURN_TO, request.getRequestURI() + (query == null ? "" : "?" + query));
        }
        response.setHeader("Cache-Control", "no-store");
        forward(request, response, config.loginPage());
        return ContainerAuthentication.Verdict.ANSWERED;
    }

    private ContainerAuthentication.Verdict formLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = request.getParameter("j_username");
        String password = request.getParameter("j_password");
        char[] secret = password == null ? new char[0] : password.toCharArray();
        LocalUser user;
        try {
            user = auth.verifyPassword(username, secret, clients.clientInfo(request));
        } catch (AuthException refused) {
            if (refused.error() != AuthError.BAD_CREDENTIALS) {
                // Throttled or unavailable: the status and Retry-After say so; the error page explains.
                ErrorResponses.Refusal refusal = errors.refusal(refused.error(), refused.retryAfter());
                response.setStatus(refusal.status());
                if (refusal.retryAfter() != null) {
                    response.setHeader("Retry-After", refusal.retryAfter());
                }
            }
            response.setHeader("Cache-Control", "no-store");
            forward(request, response, config.errorPage());
            return ContainerAuthentication.Verdict.ANSWERED;
        } finally {
            Arrays.fill(secret, '\0');
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // a session id known before the login is worth nothing after it
        Object returnTo = session.getAttribute(RETURN_TO);
        session.removeAttribute(RETURN_TO);
        session.setAttribute(USER, user);
        String target = returnTo instanceof String path && path.startsWith("/") && !path.startsWith("//") ? path
                : request.getContextPath() + "/";
        response.sendRedirect(response.encodeRedirectURL(target));
        return ContainerAuthentication.Verdict.ANSWERED;
    }

    private static void forward(HttpServletRequest request, HttpServletResponse response, String page) throws IOException {
        try {
            request.getServletContext().getRequestDispatcher(page).forward(request, response);
        } catch (ServletException e) {
            throw new IllegalStateException("the application's login page " + page + " failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ BASIC

    private ContainerAuthentication.Verdict basic(HttpServletRequest request, HttpServletResponse response, boolean mandatory)
            throws IOException {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (!mandatory) {
                return ContainerAuthentication.Verdict.ANONYMOUS;
            }
            if (wantsJson(request)) {
                return ContainerAuthentication.Verdict.refused(auth.admit(Credential.NONE, Requirement.TOKEN));
            }
            return challenge(response, AuthError.NO_TOKEN);
        }
        char[] pair = header.length() > MAX_BASIC_HEADER ? null : decode(header.substring(6).strip());
        if (pair == null) {
            return mandatory ? challenge(response, AuthError.INVALID_REQUEST) : ContainerAuthentication.Verdict.ANONYMOUS;
        }
        try {
            ByteBuffer key = ByteBuffer.wrap(mac(pair));
            LocalUser remembered = recentBasic.getIfPresent(key);
            if (remembered != null) {
                return ContainerAuthentication.Verdict.caller(remembered);
            }
            int colon = indexOf(pair, ':');
            if (colon < 0) {
                return mandatory ? challenge(response, AuthError.INVALID_REQUEST) : ContainerAuthentication.Verdict.ANONYMOUS;
            }
            char[] password = Arrays.copyOfRange(pair, colon + 1, pair.length);
            try {
                LocalUser user = auth.verifyPassword(new String(pair, 0, colon), password, clients.clientInfo(request));
                recentBasic.put(key, user);
                return ContainerAuthentication.Verdict.caller(user);
            } catch (AuthException refused) {
                if (!mandatory) {
                    return ContainerAuthentication.Verdict.ANONYMOUS;
                }
                if (refused.error() == AuthError.BAD_CREDENTIALS) {
                    return challenge(response, AuthError.BAD_CREDENTIALS);
                }
                errors.send(response, refused);
                response.flushBuffer();
                return ContainerAuthentication.Verdict.ANSWERED;
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(pair, '\0');
        }
    }

    /** 401 with the Basic challenge (so that a browser asks) beside jwtauth's own, and jwtauth's JSON body. */
    private ContainerAuthentication.Verdict challenge(HttpServletResponse response, AuthError error) throws IOException {
        errors.sendWithChallenge(response, error == AuthError.INVALID_REQUEST ? AuthError.BAD_CREDENTIALS : error, basicChallenge);
        response.flushBuffer();
        return ContainerAuthentication.Verdict.ANSWERED;
    }

    /** The Basic credentials as UTF-8 characters; {@code null} when they are not base64 of UTF-8. */
    private static char[] decode(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] pair = new char[chars.remaining()];
            chars.get(pair);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return pair;
        } catch (CharacterCodingException e) {
            return null;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** HMAC-SHA256 of the pair under a key made at start: what the memory of recent BASIC logins is keyed by. */
    private byte[] mac(char[] pair) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(basicKey, "HmacSHA256"));
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pair));
            byte[] input = new byte[bytes.remaining()];
            bytes.get(input);
            try {
                return mac.doFinal(input);
            } finally {
                Arrays.fill(input, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }

    /** Whether the client asked for JSON and not for a page: it gets jwtauth's 401, never the login form. */
    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        String lower = accept.toLowerCase(Locale.ROOT);
        return lower.contains("application/json") && !lower.contains("text/html");
    }

    /** Forgets the FORM user of the request's session ({@code request.logout()}). */
    static void forget(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.removeAttribute(USER);
            } catch (IllegalStateException invalidated) {
                // already ended
            }
        }
    }
}
