package io.jwtauth.core.flow;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on password checks running at once, with a short, bounded queue in front of it: a burst of logins (a
 * fleet of clients logging in again after a deploy) waits its turn for up to {@code queueTimeout} instead of being
 * refused at once, first come first served. At most {@code maxWaiting} wait; beyond that, and after the timeout, a
 * login is refused. A waiting login holds a request thread, which is why both bounds exist.
 *
 * <p>Each client address may hold at most {@code perClient} of the places (running and waiting together), so one
 * client flooding logins fills only its own share: the others' logins find a place and, the queue being fair, wait
 * behind at most that share. Thread-safe.
 */
final class LoginSlots {
    /** How an attempt to take a slot ended. */
    enum Outcome {
        ACQUIRED,
        /** This client already holds its share of the places: refused at once. */
        CLIENT_SHARE_USED,
        /** The queue is full: refused at once. */
        QUEUE_FULL,
        /** No slot came free within the queue timeout. */
        TIMED_OUT
    }

    private final Semaphore running;
    private final int maxWaiting;
    private final int perClient;
    private final long queueTimeoutNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Places held per client address key; an entry exists only while the client holds one (changed atomically per key). */
    private final ConcurrentHashMap<LoginThrottle.Key, Integer> heldByClient = new ConcurrentHashMap<>();

    LoginSlots(int maxConcurrent, int maxWaiting, int perClient, Duration queueTimeout) {
        // Fair: waiters are served in arrival order, so none of a burst waits longer than the timeout while later
        // arrivals overtake it.
        this.running = new Semaphore(maxConcurrent, true);
        this.maxWaiting = maxWaiting;
        this.perClient = perClient;
        this.queueTimeoutNanos = queueTimeout.toNanos();
    }

    /** Takes a slot for {@code client}, waiting up to the queue timeout; on {@link Outcome#ACQUIRED}, {@link #release} it. */
    Outcome acquire(LoginThrottle.Key client) {
        boolean[] admitted = new boolean[1];
        heldByClient.compute(client, (key, held) -> {
            int now = held == null ? 0 : held;
            admitted[0] = now < perClient;
            return admitted[0] ? Integer.valueOf(now + 1) : held;
        });
        if (!admitted[0]) {
            return Outcome.CLIENT_SHARE_USED;
        }
        Outcome outcome = take();
        if (outcome != Outcome.ACQUIRED) {
            leave(client);
        }
        return outcome;
    }

    void release(LoginThrottle.Key client) {
        running.release();
        leave(client);
    }

    private Outcome take() {
        // Barging on purpose: with a free slot and nobody queued, no need to queue.
        if (waiting.get() == 0 && running.tryAcquire()) {
            return Outcome.ACQUIRED;
        }
        if (queueTimeoutNanos == 0) {
            return Outcome.QUEUE_FULL;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return Outcome.QUEUE_FULL;
        }
        try {
            return running.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS) ? Outcome.ACQUIRED : Outcome.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.TIMED_OUT;
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void leave(LoginThrottle.Key client) {
        heldByClient.computeIfPresent(client, (key, held) -> held <= 1 ? null : held - 1);
    }

    /** Logins waiting for a slot now. */
    int waiting() {
        return waiting.get();
    }
}
