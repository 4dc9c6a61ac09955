package io.jwtauth.jdbc;

import io.jwtauth.core.spi.SessionControl;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.jdbc.identity.UserQueries;
import io.jwtauth.jdbc.internal.Jdbc;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Managing users in jwtauth's own tables, and changing passwords in any mapped table that allows it. Obtained
 * from {@link JdbcStores#users()}. Thread-safe.
 */
public final class UserAdmin {
    private final Jdbc jdbc;
    private final UserQueries queries;
    private final PasswordHashing hashing;
    private final Clock clock;
    /**
     * How a user's sessions end: through core once it runs on this provider (audited, this node's cache at once);
     * until then (the CLI, a set-up step before the application starts) directly in the store.
     */
    private volatile SessionControl sessionControl;

    UserAdmin(Jdbc jdbc, UserQueries queries, PasswordHashing hashing, SessionStore sessions, Clock clock) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.hashing = hashing;
        this.clock = clock;
        this.sessionControl = (userId, reason) -> sessions.revokeAllForUser(userId, Instant.now(clock));
    }

    /** From now on, sessions end through core (see {@link JdbcStores#attach}). */
    void attach(SessionControl control) {
        this.sessionControl = control;
    }

    /** Adds a user to jwtauth's own tables; returns the new user id. */
    public String createUser(String username, String displayName, char[] password, Set<String> roles) {
        String userId = UUID.randomUUID().toString();
        String hash = hashing.hash(password);
        jdbc.inTransaction(handle -> {
            handle.createUpdate("INSERT INTO jwtauth_users (user_id, username, display_name, password_hash, enabled, created_at) "
                            + "VALUES (:userId, :username, :displayName, :hash, :enabled, :createdAt)")
                    .bind("userId", userId).bind("username", username).bind("displayName", displayName)
                    .bind("hash", hash).bind("enabled", true).bind("createdAt", Jdbc.toDb(clock.instant())).execute();
            for (String role : roles) {
                handle.createUpdate("INSERT INTO jwtauth_user_roles (user_id, role_name) VALUES (:userId, :role)")
                        .bind("userId", userId).bind("role", role).execute();
            }
            return null;
        });
        return userId;
    }

    /** The id of the user with this name in jwtauth's own tables. */
    public Optional<String> findUserId(String username) {
        return jdbc.withHandle(handle -> handle.createQuery("SELECT user_id FROM jwtauth_users WHERE username = :username")
                .bind("username", username).mapTo(String.class).findOne());
    }

    /** Whether jwtauth's own users table holds no user (for seeding demo users). */
    public boolean isEmpty() {
        return jdbc.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM jwtauth_users").mapTo(Long.class).one()) == 0;
    }

    /**
     * Sets a new password and ends every session of the user at once (not only at their next renewal).
     * Needs {@code jwtauth.jdbc.users.update-password} for a mapped table.
     */
    public void changePassword(String userId, char[] newPassword) {
        if (queries.updatePassword() == null) {
            throw new IllegalStateException("the mapped users table is read-only: set jwtauth.jdbc.users.update-password");
        }
        String hash = hashing.hash(newPassword);
        int updated = jdbc.withHandle(handle -> handle.createUpdate(queries.updatePassword())
                .bind("userId", userId).bind("passwordHash", hash).execute());
        if (updated != 1) {
            throw new IllegalArgumentException("no user with id " + userId);
        }
        sessionControl.endSessions(userId, "password changed");
    }

    /** Enables or disables a user in jwtauth's own tables; disabling also ends their sessions at once. */
    public void setEnabled(String userId, boolean enabled) {
        jdbc.withHandle(handle -> handle.createUpdate("UPDATE jwtauth_users SET enabled = :enabled WHERE user_id = :userId")
                .bind("enabled", enabled).bind("userId", userId).execute());
        if (!enabled) {
            sessionControl.endSessions(userId, "user disabled");
        }
    }
}
