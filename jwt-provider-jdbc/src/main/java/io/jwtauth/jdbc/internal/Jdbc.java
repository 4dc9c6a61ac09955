package io.jwtauth.jdbc.internal;

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

    public Jdbi jdbi() {
        return jdbi;
    }

    private static StoreUnavailableException unavailable(JdbiException e) {
        String state = sqlState(e);
        // Log the kind of failure only: messages of some drivers quote the statement and its values.
        LOG.warn("jwtauth: database call failed: {}{}", e.getClass().getSimpleName(), state == null ? "" : " (SQLState " + state + ")");
        return new StoreUnavailableException("database unavailable" + (state == null ? "" : " (SQLState " + state + ")"), e);
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** Instants are stored as UTC timestamps without zone: portable across H2, PostgreSQL and MariaDB. */
    public static LocalDateTime toDb(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant fromDb(LocalDateTime value) {
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
