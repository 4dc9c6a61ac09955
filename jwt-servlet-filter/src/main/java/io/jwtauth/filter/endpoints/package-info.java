/** The login, extendtoken, logout and JWKS endpoints, with login throttling. Stable behaviour (the HTTP contract). */
package io.jwtauth.filter.endpoints;
