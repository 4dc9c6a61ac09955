package io.jwtauth.core.flow;

import io.jwtauth.core.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work a node does off the request path: reading the change feed every poll interval (sooner when the store
 * pushes a wake-up or this node wrote a change) and purging expired sessions. {@link #NONE} is the version for a
 * host that drives polls itself.
 *
 * <p>Each task runs on its own daemon thread and survives anything thrown, {@link Error}s included: a poller
 * that died would leave the node serving from a cache nobody refreshes (the staleness limit would then refuse
 * every request, which is safe but not a way to run). Every failure is logged with its kind. Thread-safe.
 */
interface BackgroundTasks extends AutoCloseable {
    /** Background work off: nothing runs unless the host polls. */
    BackgroundTasks NONE = new BackgroundTasks() {
        @Override
        public void wake() {
        }

        @Override
        public void close() {
        }
    };

    /** Asks for a feed read soon, on the poller thread (never on the caller's). */
    void wake();

    @Override
    void close();

    static BackgroundTasks start(ChangeFeed feed, SessionStore store, Clock clock, Duration pollInterval,
                                 Duration purgeInterval, Duration maxStaleness) {
        return new Threads(feed, store, clock, pollInterval, purgeInterval, maxStaleness);
    }

    /** The real thing: a poller thread and a purge thread. */
    final class Threads implements BackgroundTasks {
        private static final Logger LOG = LoggerFactory.getLogger(BackgroundTasks.class);
        /**
         * Wake-ups start a read at most this often: under a stream of changes, pushes would otherwise turn into a
         * read per change on every node, which costs the database more than the pushes save.
         */
        static final long MIN_WAKE_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
        /** Expired sessions are kept a day more: a node may still be refusing such a session's last renewal. */
        private static final Duration PURGE_MARGIN = Duration.ofDays(1);

        private final ChangeFeed feed;
        private final SessionStore store;
        private final Clock clock;
        private final long pollNanos;
        private final long purgeNanos;
        private final Duration maxStaleness;
        private final Semaphore wakeUps = new Semaphore(0);
        private final Thread poller;
        private final Thread purger;
        private final AutoCloseable push;
        private volatile boolean closed;

        private Threads(ChangeFeed feed, SessionStore store, Clock clock, Duration pollInterval, Duration purgeInterval,
                        Duration maxStaleness) {
            this.feed = feed;
            this.store = store;
            this.clock = clock;
            this.pollNanos = pollInterval.toNanos();
            this.purgeNanos = purgeInterval.toNanos();
            this.maxStaleness = maxStaleness;
            this.poller = daemon("jwtauth-session-feed", this::pollLoop);
            this.purger = daemon("jwtauth-session-purge", this::purgeLoop);
            AutoCloseable subscription;
            try {
                subscription = store.onChanges(this::wake);
            } catch (RuntimeException e) {
                LOG.warn("jwtauth: change notifications unavailable ({}); polling every {}", e.getClass().getSimpleName(), pollInterval);
                subscription = () -> { };
            }
            this.push = subscription;
            poller.start();
            purger.start();
        }

        private static Thread daemon(String name, Runnable body) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            return thread;
        }

        @Override
        public void wake() {
            if (wakeUps.availablePermits() == 0) {
                wakeUps.release();
            }
        }

        private void pollLoop() {
            boolean failing = false;
            while (!closed) {
                long started = System.nanoTime();
                try {
                    feed.poll();
                    if (failing) {
                        LOG.info("jwtauth: the session change feed is readable again");
                        failing = false;
                    }
                } catch (Throwable e) {
                    if (closed) {
                        return;
                    }
                    // Kind only: some drivers' messages quote statements. The staleness limit turns lasting failure into 503s.
                    LOG.warn("jwtauth: reading the session change feed failed ({}); known sessions are served for up to {} "
                            + "after the last good read; the poller carries on", e.getClass().getName(), maxStaleness);
                    failing = true;
                }
                try {
                    long wait = pollNanos - (System.nanoTime() - started);
                    if (wait > 0 && wakeUps.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                        TimeUnit.NANOSECONDS.sleep(MIN_WAKE_GAP_NANOS - (System.nanoTime() - started));
                        wakeUps.drainPermits();
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void purgeLoop() {
            while (!closed) {
                try {
                    TimeUnit.NANOSECONDS.sleep(purgeNanos);
                    // On the store's clock, as the feed is stamped: a node a day off must not purge what others have not read.
                    int purged = store.purgeExpired(store.currentTime().minus(PURGE_MARGIN));
                    if (purged > 0) {
                        LOG.info("jwtauth: purged {} expired sessions", purged);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Throwable e) {
                    if (!closed) {
                        LOG.warn("jwtauth: purging expired sessions failed ({}); will retry", e.getClass().getName());
                    }
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            try {
                push.close();
            } catch (Exception e) {
                LOG.debug("jwtauth: closing change notifications failed", e);
            }
            poller.interrupt();
            purger.interrupt();
        }
    }
}
