/**
 * Keys: import from JWK, JWKS and PEM with validation (EC points on their curve, RSA of at least 2048
 * bits with a sane exponent, HMAC secrets at least as long as the hash, {@code use}/{@code key_ops}/{@code alg}
 * honoured, duplicate {@code kid}s refused), generation, public JWKS export, and the {@link
 * io.jwtauth.core.keys.KeyRing} that pins one algorithm to each key.
 *
 * <p>Stable: {@link io.jwtauth.core.keys.Keys}, {@link io.jwtauth.core.keys.KeyRing}, {@link
 * io.jwtauth.core.keys.KeyMaterial}, {@link io.jwtauth.core.keys.JwsAlgorithm}.
 */
package io.jwtauth.core.keys;
