package io.jwtauth.jdbc.schema;

import io.jwtauth.jdbc.internal.Jdbc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jwtauth tables: creates them if they are missing ({@code jwtauth.jdbc.schema.create}; idempotent, every
 * statement is {@code IF NOT EXISTS}), and checks at start-up that they are there. The scripts ship in this jar
 * ({@code io/jwtauth/jdbc/schema/<dialect>.sql}) and are printed by {@code jwtauth schema --db <dialect>}. When
 * the application maps its own users table, jwtauth's users and roles tables are neither created nor required.
 */
public final class SchemaInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInstaller.class);
    private static final Pattern USER_TABLES = Pattern.compile("\\bjwtauth_(users|user_roles)\\b");
    /** Without these no session can be opened or revoked; the login-failures table is optional (see JdbcStores). */
    private static final List<String> SESSION_TABLES = List.of("jwtauth_sessions", "jwtauth_session_changes");
    private static final List<String> USER_TABLE_NAMES = List.of("jwtauth_users", "jwtauth_user_roles");

    private SchemaInstaller() {
    }

    /** The statements of a dialect's script, all of it. */
    public static List<String> statements(Dialect dialect) {
        return statements(dialect, true);
    }

    /** The statements of a dialect's script; without jwtauth's users and roles tables unless {@code withUsers}. */
    public static List<String> statements(Dialect dialect, boolean withUsers) {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(dialect.scriptResource())) {
            if (in == null) {
                throw new IllegalStateException("schema script missing: " + dialect.scriptResource());
            }
            StringBuilder script = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    script.append(line).append('\n');
                }
            }
            List<String> statements = new ArrayList<>();
            for (String statement : script.toString().split(";")) {
                if (!statement.isBlank() && (withUsers || !USER_TABLES.matcher(statement).find())) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script as a DBA runs it: the statements, each ended by a semicolon. */
    public static String script(Dialect dialect, boolean withUsers) {
        StringBuilder script = new StringBuilder("-- jwtauth schema for ").append(dialect)
                .append(withUsers ? "" : ", without the users tables (the application maps its own)").append('\n');
        statements(dialect, withUsers).forEach(statement -> script.append(statement).append(";\n"));
        return script.toString();
    }

    public static void install(Jdbc jdbc, Dialect dialect, boolean withUsers) {
        jdbc.inTransaction(handle -> {
            for (String statement : statements(dialect, withUsers)) {
                handle.execute(statement);
            }
            return null;
        });
        LOG.info("jwtauth: schema for {} is in place", dialect);
    }

    /** A required table that the probe could not read, and the exception it got. */
    public record MissingTable(String table, RuntimeException failure) {
    }

    /**
     * The first required table that is missing (or unreadable): the session tables always, jwtauth's users and
     * roles tables unless the application maps its own. Start-up fails on it, rather than every login later.
     */
    public static Optional<MissingTable> firstMissingTable(Jdbc jdbc, boolean withUsers) {
        List<String> required = new ArrayList<>(withUsers ? USER_TABLE_NAMES : List.of());
        required.addAll(SESSION_TABLES);
        for (String table : required) {
            try {
                // A fixed name from the lists above, never input.
                jdbc.probe(handle -> handle.createQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").mapTo(Integer.class).list());
            } catch (RuntimeException e) {
                return Optional.of(new MissingTable(table, e));
            }
        }
        return Optional.empty();
    }
}
