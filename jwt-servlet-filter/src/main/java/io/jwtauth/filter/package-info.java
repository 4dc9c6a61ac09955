/**
 * The drop-in servlet filter, {@link io.jwtauth.filter.JwtAuthFilter}, and its settings. Sub-packages:
 * {@code endpoints} (login, extendtoken, logout, JWKS), {@code wrapper} (the authenticated request),
 * {@code rules} (path rules) and {@code errors} (error responses). Stable.
 */
package io.jwtauth.filter;
