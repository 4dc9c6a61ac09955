/**
 * The JDBC provider ({@code jwtauth.provider=jdbc}): {@link io.jwtauth.jdbc.JdbcStores} on Jdbi3 and
 * HikariCP for H2, PostgreSQL and MariaDB/MySQL, configured by {@link io.jwtauth.jdbc.JdbcSettings}.
 * Stable.
 */
package io.jwtauth.jdbc;
