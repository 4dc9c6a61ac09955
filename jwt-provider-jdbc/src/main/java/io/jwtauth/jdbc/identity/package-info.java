/**
 * Users: {@link io.jwtauth.jdbc.identity.JdbcIdentityStore} over jwtauth's tables or an existing users
 * table mapped by {@link io.jwtauth.jdbc.identity.UserQueries}, and the failed-login counts shared by every node.
 * Stable.
 */
package io.jwtauth.jdbc.identity;
