package io.jwtauth.core.flow;

import static io.jwtauth.core.flow.AuthSettings.DEFAULT_MAX_WAITING;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_ATTEMPTS_BURST;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_ATTEMPTS_REFILL;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_FAILURE_WINDOW;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_MAX_CONCURRENT;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_MAX_FAILURES_PER_ACCOUNT;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_MAX_FAILURES_PER_ADDRESS;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_MAX_FAILURES_PER_USER;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_MAX_PER_CLIENT;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_MAX_WAITING;
import static io.jwtauth.core.flow.AuthSettings.LOGIN_QUEUE_TIMEOUT;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import java.time.Duration;

/**
 * The login-abuse limits ({@code jwtauth.login.*}), read and validated once: what {@link LoginThrottle} counts (failures
 * per account and address, per address, per account over all addresses; attempts per account and client) and what
 * {@link LoginSlots} allows (password checks at once, logins waiting for one, one client's share, how long they wait).
 */
record LoginLimits(int maxFailuresPerUser, int maxFailuresPerAddress, int maxFailuresPerAccount, Duration failureWindow,
                   int attemptsBurst, Duration attemptsRefill, int maxConcurrent, int maxWaiting, int maxPerClient,
                   Duration queueTimeout) {

    /** The limits {@code settings} set; {@code containerThreads} (0: unknown) bounds the queue. */
    static LoginLimits read(Settings settings, int containerThreads) {
        int perUser = settings.integer(LOGIN_MAX_FAILURES_PER_USER, 5, 1, 1000);
        int perAddress = settings.integer(LOGIN_MAX_FAILURES_PER_ADDRESS, 20, 1, 100_000);
        Duration window = settings.duration(LOGIN_FAILURE_WINDOW, Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofDays(1));
        int concurrent = settings.integer(LOGIN_MAX_CONCURRENT, Math.max(2, Runtime.getRuntime().availableProcessors() * 2), 1, 10_000);
        Duration queueTimeout = settings.duration(LOGIN_QUEUE_TIMEOUT, Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(30));
        // Each waiting login holds a request thread: a full queue must leave most of the container's threads free.
        int waiting = settings.integer(LOGIN_MAX_WAITING, containerThreads > 0 ? Math.max(1, containerThreads / 4)
                : DEFAULT_MAX_WAITING, 0, containerThreads > 0 ? Math.max(1, containerThreads / 2) : 10_000);
        int perAccount = settings.integer(LOGIN_MAX_FAILURES_PER_ACCOUNT, Math.max(50, perUser * 10), 1, 1_000_000);
        if (perAccount < perUser) {
            throw new ConfigException(LOGIN_MAX_FAILURES_PER_ACCOUNT, "must be at least " + LOGIN_MAX_FAILURES_PER_USER
                    + " (" + perUser + "): the ceiling over all addresses cannot be below the limit for one");
        }
        int burst = settings.integer(LOGIN_ATTEMPTS_BURST, 30, 1, 100_000);
        Duration refill = settings.duration(LOGIN_ATTEMPTS_REFILL, Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofHours(1));
        int perClient = settings.integer(LOGIN_MAX_PER_CLIENT, concurrent + waiting / 4, 1, 100_000);
        return new LoginLimits(perUser, perAddress, perAccount, window, burst, refill, concurrent, waiting, perClient, queueTimeout);
    }

    /** What the throttle counts against. */
    LoginThrottle.Limits throttle() {
        return new LoginThrottle.Limits(maxFailuresPerUser, maxFailuresPerAddress, maxFailuresPerAccount, failureWindow, attemptsBurst,
                attemptsRefill);
    }

    /** The password-check slots and their queue. */
    LoginSlots slots() {
        return new LoginSlots(maxConcurrent, maxWaiting, maxPerClient, queueTimeout);
    }
}
