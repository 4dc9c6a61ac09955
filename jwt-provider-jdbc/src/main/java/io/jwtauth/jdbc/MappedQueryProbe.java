package io.jwtauth.jdbc;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.jdbc.internal.Jdbc;
import java.sql.ResultSetMetaData;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;

/** A start-up step of {@link JdbcStores} for a users table the application already has ({@code jwtauth.jdbc.users.*}). */
final class MappedQueryProbe {
    private MappedQueryProbe() {
    }

    /**
     * Runs each mapped query once at start-up, with values no user can have (and updates inside a rolled-back
     * transaction), so that a typo fails here naming its key, instead of answering every login with an error.
     * The database's own message is kept: only these probe values are bound, so it can quote nothing secret.
     */
    static void run(Jdbc jdbc, JdbcSettings settings) {
        String nobody = "jwtauth-probe-" + UUID.randomUUID();
        Set<String> userColumns = Set.of("user_id", "username", "password_hash");
        probeQuery(jdbc, JdbcSettings.USERS_BY_NAME, settings.usersByName(), Map.of("username", nobody), userColumns);
        // A key column of another type (an integer, a UUID) compared with :userId cast to it takes only ids of that shape.
        List<String> shapes = List.of(nobody, "-1", UUID.randomUUID().toString());
        for (int shape = 0; shape < shapes.size(); shape++) {
            String userId = shapes.get(shape);
            try {
                probeQuery(jdbc, JdbcSettings.USERS_BY_ID, settings.usersById(), Map.of("userId", userId), userColumns);
            } catch (ConfigException notThisShape) {
                if (isDataException(notThisShape.getCause()) && shape < shapes.size() - 1) {
                    continue;
                }
                throw notThisShape;
            }
            if (settings.rolesQuery() != null) {
                probeQuery(jdbc, JdbcSettings.USERS_ROLES, settings.rolesQuery(), Map.of("userId", userId), Set.of("role"));
            }
            if (settings.updatePassword() != null) {
                probeUpdate(jdbc, JdbcSettings.USERS_UPDATE_PASSWORD, settings.updatePassword(), Map.of("userId", userId, "passwordHash", "x"));
            }
            if (settings.rehashPassword() != null) {
                probeUpdate(jdbc, JdbcSettings.USERS_REHASH_PASSWORD, settings.rehashPassword(),
                        Map.of("userId", userId, "passwordHash", "x", "oldHash", "y"));
            }
            return;
        }
    }

    /** An SQL data exception (SQLState class 22): the statement is sound, the probe value only has the wrong shape. */
    private static boolean isDataException(Throwable e) {
        String state = Jdbc.sqlState(e);
        return state != null && state.startsWith("22");
    }

    private static void probeQuery(Jdbc jdbc, String key, String sql, Map<String, Object> values, Set<String> required) {
        Set<String> columns;
        try {
            columns = jdbc.probe(handle -> handle.createQuery(sql).bindMap(values).scanResultSet((results, context) -> {
                ResultSetMetaData meta = results.get().getMetaData();
                Set<String> labels = new TreeSet<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    labels.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
                }
                return labels;
            }));
        } catch (JdbiException e) {
            throw new ConfigException(key, "fails on this database: " + Jdbc.databaseMessage(e), e);
        }
        for (String column : required) {
            if (!columns.contains(column)) {
                throw new ConfigException(key, "returns no column '" + column + "' (it returns " + columns + "); use AS " + column);
            }
        }
    }

    private static void probeUpdate(Jdbc jdbc, String key, String sql, Map<String, Object> values) {
        try {
            jdbc.probe(handle -> handle.inTransaction(transaction -> {
                transaction.createUpdate(sql).bindMap(values).execute();
                transaction.rollback();
                return null;
            }));
        } catch (JdbiException e) {
            throw new ConfigException(key, "fails on this database: " + Jdbc.databaseMessage(e), e);
        }
    }
}
