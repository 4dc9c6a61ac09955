package io.jwtauth.core.flow;

/**
 * A finished sign-in: the new session's tokens (for the cookie transport), the local path to return to, and the
 * provider's ID token, kept by the browser for the provider's logout ({@code id_token_hint}).
 */
public record SignInResult(TokenResponse tokens, String returnPath, String idToken) {
    @Override
    public String toString() {
        return "SignInResult[" + tokens + ", return " + returnPath + "]";
    }
}
