package io.jwtauth.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The benchmarks' database set-up: each run starts from jwtauth's tables created afresh. */
final class BenchDatabase {
    private BenchDatabase() {
    }

    /** Drops jwtauth's tables in {@code url}'s database; the provider recreates them ({@code schema.create}). */
    static void reset(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String table : List.of("jwtauth_user_roles", "jwtauth_users", "jwtauth_sessions", "jwtauth_session_changes",
                    "jwtauth_login_failures")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
