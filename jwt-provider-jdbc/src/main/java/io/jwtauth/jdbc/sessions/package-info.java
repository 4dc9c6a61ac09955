/** Sessions and their change feed in {@code jwtauth_sessions}. Stable. */
package io.jwtauth.jdbc.sessions;
