/**
 * Users: {@link io.jwtauth.jdbc.identity.JdbcIdentityStore} over jwtauth's tables or an existing users
 * table mapped by {@link io.jwtauth.jdbc.identity.UserQueries}, and {@link io.jwtauth.jdbc.identity.UserAdmin}.
 * Stable.
 */
package io.jwtauth.jdbc.identity;
