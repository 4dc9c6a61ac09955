/**
 * jwtauth core: the error type shared by every module ({@link io.jwtauth.core.AuthError},
 * {@link io.jwtauth.core.AuthException}). The entry point is {@link io.jwtauth.core.flow.JwtAuth}.
 *
 * <p>Stable: these types are the public face of the library. Sub-packages: {@code config} (the flat
 * {@code jwtauth.*} settings), {@code keys} (key import, validation and JWKS), {@code tokens} (issuing and
 * verifying access tokens), {@code flow} (login, renewal, logout and per-request authentication),
 * {@code spi} (what a storage provider implements) and {@code memory} (an in-memory provider).
 */
package io.jwtauth.core;
