package io.jwtauth.core.flow;

import java.net.URI;

/**
 * The start of a sign-in through an identity provider: where to send the browser, and the signed state that the
 * callback needs (kept in a cookie, so that any node can finish the flow).
 */
public record SignInStart(URI authorizationUrl, String stateCookie) {
    @Override
    public String toString() {
        return "SignInStart[" + authorizationUrl.getHost() + "]";
    }
}
