package io.jwtauth.filter;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.TokenResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * DNN's JwtAuth wire format, for clients written against DNN ({@code jwtauth.compat=dnn}): its routes
 * ({@code /API/JwtAuth/mobile/…} and {@code /DesktopModules/JwtAuth/API/mobile/…}, matched without regard to case as
 * IIS does), its four login fields, its {@code Bearer <code>} challenges, and bad-credentials for a renewal without a
 * bearer token, as DNN answers it.
 */
final class DnnProfile implements WireProfile {
    /** DNN's JwtAuth service routes (Dnn.AuthServices.Jwt, ServiceRouteMapper: module "JwtAuth", controller "mobile"). */
    static final String[] PREFIXES = {"/API/JwtAuth/mobile/", "/DesktopModules/JwtAuth/API/mobile/"};

    @Override
    public boolean plainTokenType() {
        return true;
    }

    @Override
    public Action actionFor(String path) {
        for (String prefix : PREFIXES) {
            if (path.length() > prefix.length() && path.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return switch (path.substring(prefix.length()).toLowerCase(Locale.ROOT)) {
                    case "login" -> Action.LOGIN;
                    case "extendtoken" -> Action.RENEW;
                    case "logout" -> Action.LOGOUT;
                    default -> null;
                };
            }
        }
        return null;
    }

    /** DNN serves logout by GET first. */
    private static final String[] LOGOUT_METHODS = {"GET", "POST"};

    @Override
    public String[] methods(Action action) {
        return action == Action.LOGOUT ? LOGOUT_METHODS : POST;
    }

    @Override
    public AuthError renewalWithoutBearer() {
        return AuthError.BAD_CREDENTIALS;
    }

    /** DNN's LoginResultData: {@code userId} (a number where the id is one, as DNN's are), displayName, both tokens. */
    @Override
    public byte[] tokens(TokenResponse tokens, Instant now) throws IOException {
        return WireProfile.object(json -> {
            String userId = tokens.userId();
            if (userId.matches("-?[0-9]{1,18}")) {
                json.writeNumberField("userId", Long.parseLong(userId));
            } else {
                json.writeStringField("userId", userId);
            }
            json.writeStringField("displayName", tokens.displayName());
            json.writeStringField("accessToken", tokens.accessToken());
            json.writeStringField("renewalToken", tokens.renewalToken());
        });
    }

    @Override
    public void refuse(ErrorResponses errors, HttpServletResponse response, AuthException refusal) throws IOException {
        errors.sendDnn(response, refusal.error(), refusal.retryAfter());
    }
}
