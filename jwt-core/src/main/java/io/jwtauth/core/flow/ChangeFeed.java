package io.jwtauth.core.flow;

import io.jwtauth.core.spi.KeyRange;
import io.jwtauth.core.spi.SessionChange;
import io.jwtauth.core.spi.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's reader of the store's change feed, with a gap-aware high-water mark.
 *
 * <p>The feed is read by key, never by time: {@code cursor} is the highest key seen, and every key below it
 * that has not been seen is kept as an open hole ({@link KeyRange}). A hole is a transaction that took its key
 * before a later one but has not committed yet, or a key that will never appear (a rollback). Each poll
 * re-checks the open holes, then reads forward from the cursor page by page until it is caught up. A hole is
 * given up after the store's {@link SessionStore#maxCommitDelay()} (its bound on a write's transaction time)
 * has passed since this node first saw it, measured on this node's monotonic clock: no clock is compared
 * across nodes. Each poll reads only keys it has not seen, so its cost follows the changes, not a window.
 *
 * <p>Freshness: the feed is fresh as of the start of the last poll that caught up. A poll that fails, hangs,
 * or is still paging through a backlog leaves it unchanged, so a backlog counts as staleness.
 *
 * <p>Not thread-safe by itself: {@link #poll} is called by one thread at a time (it is synchronized for the
 * rare manual poll that overlaps the background one). {@link #freshAsOfMillis} may be read from any thread.
 */
final class ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
    /** Rows per read. */
    static final int PAGE = 1000;
    /** At start, keys this far below the newest are checked for holes (transactions in flight at start). */
    static final int START_WINDOW = 10_000;
    /** Open holes are merged pairwise beyond this many, so one poll's re-check stays a few statements. */
    static final int MAX_HOLES = 512;

    private final SessionStore store;
    private final Sessions states;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long holeTimeoutNanos;
    private final long maxStalenessMillis;
    private final List<Hole> holes = new ArrayList<>();
    private final AtomicLong freshAsOfMillis;
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong holesAbandoned = new AtomicLong();
    /** {@code holes.size()} as of the last poll: metrics must not wait on a poll that is stuck on the store. */
    private volatile int openHoles;
    private long cursor = -1;

    ChangeFeed(SessionStore store, Sessions states, Clock clock, LongSupplier nanoTime, Duration maxStaleness) {
        this.store = store;
        this.states = states;
        this.clock = clock;
        this.nanoTime = nanoTime;
        // Twice the store's bound, and never under a second: a hole that outlives this is not a commit in flight.
        this.holeTimeoutNanos = Math.max(store.maxCommitDelay().multipliedBy(2).toNanos(), Duration.ofSeconds(1).toNanos());
        this.maxStalenessMillis = maxStaleness.toMillis();
        // Until the first poll, nothing is cached, so nothing can be stale: count the start as fresh.
        this.freshAsOfMillis = new AtomicLong(clock.millis());
    }

    /** Reads every change not yet seen and drops the affected sessions from the cache. */
    synchronized void poll() {
        long startedMillis = clock.millis();
        long now = nanoTime.getAsLong();
        if (startedMillis - freshAsOfMillis.get() > maxStalenessMillis) {
            // Whatever happened while the feed was unreadable (even entries purged since), nothing cached survives it.
            states.invalidateAll();
        }
        if (cursor < 0) {
            start(now);
        }
        recheckHoles(now);
        List<SessionChange> page;
        do {
            page = store.changesAfter(cursor, PAGE);
            for (SessionChange change : page) {
                if (SessionChange.EVERY_SESSION.equals(change.sessionId())) {
                    // The store lost changes: nothing cached can be trusted, and its keys start over.
                    LOG.warn("jwtauth: the session store lost changes (it restarted empty?); every cached session is dropped and "
                            + "sessions it no longer holds are refused");
                    holes.clear();
                    start(now);
                    break;
                }
                if (change.key() > cursor + 1) {
                    openHole(cursor + 1, change.key() - 1, now);
                }
                cursor = Math.max(cursor, change.key());
                states.invalidate(change.sessionId());
            }
            rowsRead.addAndGet(page.size());
        } while (page.size() >= PAGE);
        polls.incrementAndGet();
        openHoles = holes.size();
        freshAsOfMillis.set(startedMillis);
    }

    /** Starts at the newest key, with holes for the recent keys not yet visible (writes in flight right now). */
    private void start(long now) {
        long latest = store.latestChangeKey();
        long from = Math.max(1, latest - START_WINDOW + 1);
        long expected = from;
        if (latest >= from) {
            List<SessionChange> recent = store.changesIn(List.of(new KeyRange(from, latest)), START_WINDOW);
            for (SessionChange change : recent) {
                if (change.key() > expected) {
                    openHole(expected, change.key() - 1, now);
                }
                expected = change.key() + 1;
            }
            if (expected <= latest) {
                openHole(expected, latest, now);
            }
        }
        cursor = latest;
        // Sessions cached before the feed had a cursor (logins before the first read) may predate changes below it.
        states.invalidateAll();
    }

    private void recheckHoles(long now) {
        if (holes.isEmpty()) {
            return;
        }
        List<KeyRange> ranges = new ArrayList<>(holes.size());
        for (Hole hole : holes) {
            ranges.add(hole.range());
        }
        List<SessionChange> filled = store.changesIn(ranges, PAGE * 10);
        rowsRead.addAndGet(filled.size());
        for (SessionChange change : filled) {
            states.invalidate(change.sessionId());
            splitAt(change.key());
        }
        holes.removeIf(hole -> {
            boolean abandoned = now - hole.openedNanos > holeTimeoutNanos;
            if (abandoned) {
                holesAbandoned.incrementAndGet();
                LOG.debug("jwtauth: feed keys {}..{} never appeared (rolled back); no longer waiting", hole.first, hole.last);
            }
            return abandoned;
        });
    }

    private void openHole(long first, long last, long now) {
        holes.add(new Hole(first, last, now));
        if (holes.size() > MAX_HOLES) {
            // Merging re-reads the few keys between two holes once more; applying a change twice is harmless.
            List<Hole> merged = new ArrayList<>(holes.size() / 2 + 1);
            for (int i = 0; i < holes.size(); i += 2) {
                Hole a = holes.get(i);
                Hole b = i + 1 < holes.size() ? holes.get(i + 1) : a;
                merged.add(new Hole(a.first, b.last, Math.max(a.openedNanos, b.openedNanos)));
            }
            holes.clear();
            holes.addAll(merged);
            LOG.info("jwtauth: more than {} open feed holes; merged them", MAX_HOLES);
        }
    }

    /** Key {@code key} has appeared: remove it from the hole that holds it. */
    private void splitAt(long key) {
        for (int i = 0; i < holes.size(); i++) {
            Hole hole = holes.get(i);
            if (key >= hole.first && key <= hole.last) {
                holes.remove(i);
                if (key < hole.last) {
                    holes.add(i, new Hole(key + 1, hole.last, hole.openedNanos));
                }
                if (key > hole.first) {
                    holes.add(i, new Hole(hole.first, key - 1, hole.openedNanos));
                }
                return;
            }
        }
    }

    long freshAsOfMillis() {
        return freshAsOfMillis.get();
    }

    long rowsRead() {
        return rowsRead.get();
    }

    long polls() {
        return polls.get();
    }

    int openHoles() {
        return openHoles;
    }

    long holesAbandoned() {
        return holesAbandoned.get();
    }

    /** Keys {@code first..last} not seen yet, first noticed at {@code openedNanos}. Holes are kept in key order. */
    private record Hole(long first, long last, long openedNanos) {
        KeyRange range() {
            return new KeyRange(first, last);
        }
    }
}
