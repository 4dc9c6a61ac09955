/**
 * Access tokens: {@link io.jwtauth.core.tokens.TokenIssuer} signs them and {@link
 * io.jwtauth.core.tokens.TokenVerifier} verifies them strictly, with the algorithm pinned to the key.
 *
 * <p>Stable API; the verification rules may only get stricter.
 */
package io.jwtauth.core.tokens;
