package io.jwtauth.jdbc.identity;

/**
 * The SQL that reads users. By default jwtauth's own tables; for an existing users table, configure
 * queries that return the columns {@code user_id}, {@code username}, {@code password_hash} and optionally
 * {@code display_name}, {@code enabled}, and either one {@code role} per row or a comma-separated
 * {@code roles} column — or a separate roles query.
 *
 * @param byName         binds {@code :username}
 * @param byId           binds {@code :userId}
 * @param roles          binds {@code :userId}, returns {@code role}; {@code null} when the user queries carry roles
 * @param updatePassword binds {@code :userId} and {@code :passwordHash}; {@code null} when the table is read-only
 * @param rehashPassword binds {@code :userId}, {@code :passwordHash} and {@code :oldHash}, and changes the row only
 *                       while its hash is still {@code :oldHash}; {@code null}: hashes are never upgraded on login
 */
public record UserQueries(String byName, String byId, String roles, String updatePassword, String rehashPassword) {
    private static final String OWN_SELECT = "SELECT u.user_id, u.username, u.display_name, u.password_hash, u.enabled, "
            + "r.role_name AS role FROM jwtauth_users u LEFT JOIN jwtauth_user_roles r ON r.user_id = u.user_id ";

    /** Queries over jwtauth's own {@code jwtauth_users} and {@code jwtauth_user_roles}. */
    public static UserQueries ownTables() {
        return new UserQueries(OWN_SELECT + "WHERE u.username = :username", OWN_SELECT + "WHERE u.user_id = :userId", null,
                "UPDATE jwtauth_users SET password_hash = :passwordHash WHERE user_id = :userId",
                "UPDATE jwtauth_users SET password_hash = :passwordHash WHERE user_id = :userId AND password_hash = :oldHash");
    }
}
