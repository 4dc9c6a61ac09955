/**
 * The login, extendtoken, logout and JWKS endpoints, in each wire profile chosen at start. Not exported: the HTTP
 * contract (README) is what is stable, not these types.
 */
package io.jwtauth.filter.endpoints;
