package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.TokenResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;

/** jwtauth's own wire format (the HTTP contract): {@code {base}/login}, {@code /extendtoken}, {@code /logout}. */
final class StandardProfile implements WireProfile {
    static final String[] LOGOUT_METHODS = {"POST", "GET"};
    private final String endpointPrefix;
    private final String loginPath;
    private final String renewPath;
    private final String logoutPath;

    StandardProfile(String endpointsBase) {
        this.endpointPrefix = endpointsBase + "/";
        this.loginPath = endpointsBase + "/login";
        this.renewPath = endpointsBase + "/extendtoken";
        this.logoutPath = endpointsBase + "/logout";
    }

    @Override
    public Action actionFor(String path) {
        // Whole strings built at start-up: no parsing on the request path, and one comparison for any other path.
        if (!path.startsWith(endpointPrefix)) {
            return null;
        }
        return path.equals(loginPath) ? Action.LOGIN : path.equals(renewPath) ? Action.RENEW
                : path.equals(logoutPath) ? Action.LOGOUT : null;
    }

    @Override
    public boolean servesBrowsers() {
        return true;
    }

    @Override
    public AuthError renewalWithoutBearer() {
        return AuthError.BAD_JWT;
    }

    @Override
    public byte[] tokens(TokenResponse tokens, Instant now) throws IOException {
        return WireProfile.object(json -> {
            json.writeStringField("userId", tokens.userId());
            json.writeStringField("displayName", tokens.displayName());
            json.writeStringField("accessToken", tokens.accessToken());
            json.writeStringField("renewalToken", tokens.renewalToken());
            json.writeStringField("tokenType", tokens.dpopBound() ? "DPoP" : "Bearer");
            json.writeNumberField("expiresIn", Math.max(0, tokens.accessExpiresAt().getEpochSecond() - now.getEpochSecond()));
            json.writeStringField("renewalDeadline", tokens.renewalDeadline().toString());
        });
    }

    @Override
    public void refuse(ErrorResponses errors, HttpServletResponse response, AuthException refusal) throws IOException {
        errors.send(response, refusal);
    }
}
