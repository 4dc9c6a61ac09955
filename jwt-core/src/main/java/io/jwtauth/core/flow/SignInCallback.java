package io.jwtauth.core.flow;

/**
 * What the provider's redirect back brings ({@code code}, {@code state}, or {@code error}; each may be null), the state
 * cookie the sign-in set, and the {@code redirect_uri} the sign-in used (the token request must repeat it).
 */
public record SignInCallback(String code, String state, String error, String stateCookie, String redirectUri) {
    /** Never shows the code or the state. */
    @Override
    public String toString() {
        return "SignInCallback[" + (error != null ? "error" : code != null ? "code" : "nothing") + "]";
    }
}
