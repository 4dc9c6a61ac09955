package io.jwtauth.core.flow;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on password checks running at once, with a short, bounded queue in front of it: a burst of logins (a
 * fleet of clients logging in again after a deploy) waits its turn for up to {@code queueTimeout} instead of being
 * refused at once, first come first served. At most {@code maxWaiting} wait; beyond that, and after the timeout, a
 * login is refused. A waiting login holds a request thread, which is why both bounds exist. Thread-safe.
 */
final class LoginSlots {
    private final Semaphore running;
    private final int maxWaiting;
    private final long queueTimeoutNanos;
    private final AtomicInteger waiting = new AtomicInteger();

    LoginSlots(int maxConcurrent, int maxWaiting, Duration queueTimeout) {
        // Fair: waiters are served in arrival order, so none of a burst waits longer than the timeout while later
        // arrivals overtake it.
        this.running = new Semaphore(maxConcurrent, true);
        this.maxWaiting = maxWaiting;
        this.queueTimeoutNanos = queueTimeout.toNanos();
    }

    /** Takes a slot, waiting up to the queue timeout; {@code false} when none came free or the queue was full. */
    boolean acquire() {
        // Barging on purpose: with a free slot and nobody queued, no need to queue.
        if (waiting.get() == 0 && running.tryAcquire()) {
            return true;
        }
        if (queueTimeoutNanos == 0) {
            return false;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return running.tryAcquire(queueTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    void release() {
        running.release();
    }

    /** Logins waiting for a slot now. */
    int waiting() {
        return waiting.get();
    }
}
