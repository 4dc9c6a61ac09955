package io.jwtauth.jdbc.identity;

import io.jwtauth.core.internal.Secrets;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.UserRecord;
import io.jwtauth.jdbc.internal.Jdbc;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users from jwtauth's tables or from an existing users table ({@link UserQueries}). Verifies passwords
 * with {@link PasswordHashing}, spends the same time on unknown users, upgrades old hashes on login when
 * allowed, and derives the credential stamp from the stored hash, so that a password changed directly in
 * the table ends sessions at their next renewal. Thread-safe.
 */
public final class JdbcIdentityStore implements IdentityStore {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcIdentityStore.class);
    /** The users whose unreadable hash was reported ({@link #warnIfUnreadable}). */
    private final Set<String> unreadableWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Whether {@link #checkQueriesAgree} ran on this node. */
    private final java.util.concurrent.atomic.AtomicBoolean queriesChecked = new java.util.concurrent.atomic.AtomicBoolean();

    private final Jdbc jdbc;
    private final UserQueries queries;
    private final PasswordHashing hashing;
    private final boolean rehash;
    public JdbcIdentityStore(Jdbc jdbc, UserQueries queries, PasswordHashing hashing, boolean rehash, boolean ownTables) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.hashing = hashing;
        this.rehash = rehash && queries.rehashPassword() != null;
        // Unknown names must cost what the slowest format in the table costs, from the first login on. jwtauth's own
        // table can be sampled; a mapped table is learned as its users log in (see the README).
        hashing.seed(ownTables ? sampleFormats() : List.of());
    }

    /** Up to 1,000 stored hashes that are not in the default format (typically none once users were upgraded). */
    private List<String> sampleFormats() {
        try {
            return jdbc.withHandle(handle -> handle.createQuery("SELECT password_hash FROM jwtauth_users "
                            + "WHERE password_hash NOT LIKE '$argon2id$%' LIMIT 1000")
                    .mapTo(String.class).list());
        } catch (RuntimeException e) {
            // No users table (schema not created yet, or a provider without one): nothing to learn from.
            return List.of();
        }
    }

    /** A row of the user query, with the stored hash. */
    record StoredUser(String userId, String username, String displayName, String passwordHash, boolean enabled, Set<String> roles) {
        UserRecord toRecord() {
            // SHA-256 of the stored hash: changes with every password change, and reveals nothing usable.
            return new UserRecord(userId, username, displayName, roles, Secrets.sha256(passwordHash), enabled);
        }
    }

    @Override
    public Optional<UserRecord> authenticate(String username, char[] password) {
        return Optional.ofNullable(check(username, password).user());
    }

    /** On a wrong password, also the id of the user the name resolved to (by the database's own collation). */
    @Override
    public CredentialCheck check(String username, char[] password) {
        Optional<StoredUser> found = jdbc.withHandle(handle -> load(handle, queries.byName(), "username", username));
        if (found.isEmpty() || found.get().passwordHash() == null) {
            // As slow as the slowest format any user has: a dormant user with an old, costly hash is not told apart.
            hashing.burnSlowest(password);
            return CredentialCheck.none();
        }
        StoredUser user = found.get();
        if (!hashing.matchesTimed(password, user.passwordHash())) {
            warnIfUnreadable(user);
            return new CredentialCheck(null, user.userId());
        }
        checkQueriesAgree(user);
        if (rehash && user.enabled() && hashing.needsRehash(user.passwordHash())) {
            // Hashed now, written only once the login has fully succeeded (core runs the step after storing the
            // session, never for a refused or failed login). The session carries the new hash's stamp; should the
            // write not happen (the password changed meanwhile), that session ends at its first renewal.
            String upgraded = hashing.hash(password);
            StoredUser afterUpgrade = new StoredUser(user.userId(), user.username(), user.displayName(), upgraded,
                    user.enabled(), user.roles());
            return new CredentialCheck(afterUpgrade.toRecord(), user.userId(),
                    () -> upgrade(user.userId(), user.passwordHash(), upgraded));
        }
        return new CredentialCheck(user.toRecord(), user.userId());
    }

    /**
     * Replaces {@code oldHash} by {@code upgraded} only while the row still holds {@code oldHash}: a password the
     * application changed while this login was being checked must not be overwritten by a hash of the old one.
     * Returns whether the row changed.
     */
    boolean upgrade(String userId, String oldHash, String upgraded) {
        try {
            int rows = jdbc.withHandle(handle -> handle.createUpdate(queries.rehashPassword())
                    .bind("userId", userId).bind("passwordHash", upgraded).bind("oldHash", oldHash).execute());
            if (rows == 1) {
                LOG.info("jwtauth: upgraded the password hash of user id {} to argon2id", userId);
                return true;
            }
            LOG.info("jwtauth: the password of user id {} changed during the login; its hash was not upgraded", userId);
        } catch (RuntimeException e) {
            LOG.warn("jwtauth: could not upgrade the password hash of user id {}; keeping the old one", userId);
        }
        return false;
    }

    /**
     * A stored hash jwtauth cannot read fails every login as a wrong password would: said once per user (per node, for
     * the first 10,000 such users), with the format family and never the hash, so that an operator can tell the two.
     */
    private void warnIfUnreadable(StoredUser user) {
        if (!hashing.canRead(user.passwordHash()) && unreadableWarned.size() < 10_000 && unreadableWarned.add(user.userId())) {
            LOG.warn("jwtauth: the stored password hash of user id {} is in a format jwtauth cannot read ({}), so every login of "
                    + "that user fails as with a wrong password; the README (Your users table) lists the formats jwtauth reads",
                    user.userId(), PasswordHashing.formatFamily(user.passwordHash()));
        }
    }

    /**
     * Once per node, at the first good password: {@code by-id} must find the user {@code by-name} found, with the same
     * name and hash, or every renewal of every session would fail ({@code bad-token}, the session ended) with nothing
     * to say why. A mapped table's two queries are easy to let drift apart (a rewritten hash column in one of them).
     */
    private void checkQueriesAgree(StoredUser byName) {
        if (!queriesChecked.compareAndSet(false, true)) {
            return;
        }
        Optional<StoredUser> byId = jdbc.withHandle(handle -> load(handle, queries.byId(), "userId", byName.userId()));
        String problem = byId.isEmpty() ? "finds no user with the id " + "jwtauth.jdbc.users.by-name" + " returned"
                : !byName.username().equals(byId.get().username()) ? "returns another user name for the same id"
                : !java.util.Objects.equals(byName.passwordHash(), byId.get().passwordHash()) ? "returns another password hash for the same user"
                : null;
        if (problem != null) {
            LOG.error("jwtauth: {} {} (user id {}) than {} does: every renewal will end the session (bad-token). Make both "
                    + "queries read the same columns of the same row", "jwtauth.jdbc.users.by-id", problem, byName.userId(),
                    "jwtauth.jdbc.users.by-name");
        }
    }

    @Override
    public Optional<UserRecord> findById(String userId) {
        return jdbc.withHandle(handle -> load(handle, queries.byId(), "userId", userId)).map(StoredUser::toRecord);
    }

    Optional<StoredUser> load(Handle handle, String sql, String parameter, String value) {
        List<StoredUser> rows = handle.createQuery(sql).bind(parameter, value).map((rs, context) -> row(rs)).list();
        // A mapped table may hold NULLs: a user without an id, a name or a hash cannot log in or renew.
        if (rows.stream().anyMatch(row -> row.userId() == null || row.username() == null || row.passwordHash() == null)) {
            return Optional.empty();
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        StoredUser first = rows.get(0);
        for (StoredUser row : rows) {
            if (!row.userId().equals(first.userId())) {
                LOG.warn("jwtauth: the user query returned several users for one {}; refusing", parameter);
                return Optional.empty();
            }
        }
        Set<String> roles = new LinkedHashSet<>();
        rows.forEach(row -> roles.addAll(row.roles()));
        if (queries.roles() != null) {
            roles.addAll(handle.createQuery(queries.roles()).bind("userId", first.userId()).mapTo(String.class).list());
        }
        roles.remove(null);
        return Optional.of(new StoredUser(first.userId(), first.username(), first.displayName(), first.passwordHash(),
                first.enabled(), roles));
    }

    private static StoredUser row(ResultSet rs) throws SQLException {
        Set<String> columns = columns(rs);
        Set<String> roles = new HashSet<>();
        if (columns.contains("role") && rs.getString("role") != null) {
            roles.add(rs.getString("role"));
        }
        if (columns.contains("roles") && rs.getString("roles") != null) {
            for (String role : rs.getString("roles").split(",")) {
                if (!role.isBlank()) {
                    roles.add(role.strip());
                }
            }
        }
        return new StoredUser(rs.getString("user_id"), rs.getString("username"),
                columns.contains("display_name") ? rs.getString("display_name") : null,
                rs.getString("password_hash"),
                !columns.contains("enabled") || rs.getBoolean("enabled"),
                roles);
    }

    private static Set<String> columns(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Set<String> names = new HashSet<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
