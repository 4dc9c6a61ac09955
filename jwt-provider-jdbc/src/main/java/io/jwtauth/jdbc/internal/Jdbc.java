package io.jwtauth.jdbc.internal;

import io.jwtauth.core.internal.Failures;
import io.jwtauth.core.spi.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link Jdbi} of a provider, configured so that exception messages never render SQL or bound
 * values (password hashes and token hashes are bound values), with a statement counter, and with every
 * database failure turned into {@link StoreUnavailableException}. Thread-safe.
 */
public final class Jdbc {
    private static final Logger LOG = LoggerFactory.getLogger(Jdbc.class);

    private final Jdbi jdbi;
    private final AtomicLong statements = new AtomicLong();

    /** {@code statementTimeout}: set on every statement (JDBC query timeout), so no call can hang a thread. */
    public Jdbc(javax.sql.DataSource dataSource, java.time.Duration statementTimeout) {
        this.jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        jdbi.getConfig(SqlStatements.class).setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statements.incrementAndGet();
            }
        });
    }

    /** Runs {@code work} on a pooled handle, translating database failures. */
    public <T> T withHandle(Function<Handle, T> work) {
        try {
            return jdbi.withHandle(work::apply);
        } catch (JdbiException e) {
            throw unavailable(e);
        }
    }

    /** Runs {@code work} in a transaction, translating database failures. */
    public <T> T inTransaction(Function<Handle, T> work) {
        try {
            return jdbi.inTransaction(work::apply);
        } catch (JdbiException e) {
            throw unavailable(e);
        }
    }

    /** SQL statements executed since start: lets tests and benchmarks prove how many round trips a call costs. */
    public long statementCount() {
        return statements.get();
    }

    /**
     * Runs {@code work} with the database's own exceptions, untranslated and unlogged: for start-up probes, which
     * bind only probe values, so that the database's message can be shown to the operator.
     */
    public <T> T probe(Function<Handle, T> work) {
        return jdbi.withHandle(work::apply);
    }

    /**
     * A transient failure (no connection, a timeout, a deadlock: worth a retry) becomes
     * {@link StoreUnavailableException}, which clients see as {@code 503}. Anything else (a missing table, a bad
     * column in a mapped query) is not going to heal by retrying, so it is an {@link IllegalStateException}
     * that surfaces as {@code 500 server-error} with an incident id. Neither carries the driver's exception:
     * some drivers' messages quote the statement and row values (PostgreSQL's "Detail: Key (…)=(…)").
     */
    private static RuntimeException unavailable(JdbiException e) {
        String state = sqlState(e);
        String kind = rootKind(e) + (state == null ? "" : " (SQLState " + state + ")");
        if (isTransient(e, state)) {
            LOG.warn("jwtauth: database call failed: {}", kind);
            return new StoreUnavailableException("database unavailable: " + kind, null);
        }
        LOG.error("jwtauth: database call failed, and retrying will not help: {}", kind);
        return new IllegalStateException("database error: " + kind);
    }

    /** SQLState classes and exception types that say "try again later". */
    static boolean isTransient(Throwable e, String state) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientException || cause instanceof java.sql.SQLRecoverableException
                    || cause instanceof java.net.SocketException || cause instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        if (state == null) {
            // No SQLState: a pool or driver problem below SQL (Hikari reports its timeout as a transient exception).
            return true;
        }
        return state.startsWith("08") // connection exception
                || state.startsWith("40") // transaction rollback: deadlock, serialization failure
                || state.startsWith("57") // operator intervention: query cancelled (statement timeout), shutdown
                || state.startsWith("53") // insufficient resources (too many connections)
                || state.startsWith("HYT") // timeout (H2's lock timeout)
                || state.equals("55P03") // PostgreSQL lock not available
                || state.equals("70100"); // MariaDB: query interrupted (max_statement_time)
    }

    private static String rootKind(Throwable e) {
        return Failures.rootCause(e).getClass().getSimpleName();
    }

    /** The SQLState of the first {@link SQLException} among {@code e}'s causes, or {@code null}. */
    public static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /**
     * The database's own message of the first {@link SQLException} among {@code e}'s causes (its first line, at most
     * 300 characters) and its SQLState; the exception's kind without one. For start-up errors, which bind no secret.
     */
    public static String databaseMessage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String message = String.valueOf(sql.getMessage()).lines().findFirst().orElse("");
                return (message.length() > 300 ? message.substring(0, 300) + "…" : message) + " (SQLState " + sql.getSQLState() + ")";
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Instants are stored as UTC timestamps without zone: portable across H2, PostgreSQL and MariaDB. */
    public static LocalDateTime toDb(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant fromDb(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
