package io.jwtauth.jdbc.sessions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL {@code LISTEN/NOTIFY} for the revocation feed. Writes do not notify inside their own transaction
 * (PostgreSQL serialises the commits of notifying transactions); instead a sender thread issues one
 * {@code pg_notify} after commits, coalescing a burst into one. A listener thread holds one connection of the
 * pool with {@code LISTEN} and wakes the subscribed pollers. Each node notifies at most once per 50 ms. Both reconnect after failures, and both are
 * daemon threads stopped by {@link #close()}. Thread-safe.
 */
public final class PostgresChangeSignal implements ChangeSignal {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeSignal.class);
    private static final String CHANNEL = "jwtauth_session_changes";
    private static final long RETRY_MILLIS = 1000;
    /** At most one notification per node per this long: a burst of writes becomes one wake-up. */
    private static final long COALESCE_MILLIS = 50;

    private final DataSource dataSource;
    private final Semaphore pending = new Semaphore(0);
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final Thread sender;
    private Thread listener;
    private volatile boolean closed;

    public PostgresChangeSignal(DataSource dataSource) {
        this.dataSource = dataSource;
        this.sender = new Thread(this::sendLoop, "jwtauth-feed-notify");
        sender.setDaemon(true);
        sender.start();
    }

    @Override
    public void changed() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    @Override
    public synchronized AutoCloseable subscribe(Runnable wake) {
        subscribers.add(wake);
        if (listener == null && !closed) {
            listener = new Thread(this::listenLoop, "jwtauth-feed-listen");
            listener.setDaemon(true);
            listener.start();
        }
        return () -> subscribers.remove(wake);
    }

    private void sendLoop() {
        while (!closed) {
            try {
                pending.acquire();
                pending.drainPermits();
                try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_notify('" + CHANNEL + "', '')");
                }
                TimeUnit.MILLISECONDS.sleep(COALESCE_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.debug("jwtauth: feed notification not sent ({}); pollers still poll", e.getClass().getSimpleName());
                }
            }
        }
    }

    private void listenLoop() {
        while (!closed) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                LOG.info("jwtauth: listening for feed notifications (PostgreSQL LISTEN {})", CHANNEL);
                while (!closed) {
                    PGNotification[] notifications = postgres.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        subscribers.forEach(Runnable::run);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("jwtauth: feed notifications interrupted ({}); polling meanwhile, reconnecting", e.getClass().getSimpleName());
                try {
                    TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        Thread listening;
        synchronized (this) {
            closed = true;
            listening = listener;
        }
        sender.interrupt();
        if (listening != null) {
            listening.interrupt();
            try {
                // It checks every 500 ms; waiting lets it hand its connection back before the pool closes.
                listening.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
