package io.jwtauth.core.metrics;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.flow.AuthCounters;
import io.jwtauth.core.flow.AuthEvent;
import io.jwtauth.core.flow.AuthService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * jwtauth's meters for Micrometer, read from a running {@link AuthService} at each scrape: nothing is
 * recorded through Micrometer on the request path. Micrometer is an optional dependency of jwt-core: only
 * this class needs it. The README lists every meter.
 *
 * <pre>{@code new JwtAuthMetrics(authService).bindTo(registry);}</pre>
 */
public final class JwtAuthMetrics implements MeterBinder {
    private final AuthService auth;
    private final Tags tags;

    public JwtAuthMetrics(AuthService auth) {
        this(auth, Tags.empty());
    }

    /** {@code tags} go on every meter (e.g. the application's name when one registry serves several). */
    public JwtAuthMetrics(AuthService auth, Iterable<Tag> tags) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        AuthCounters counters = auth.counters();
        counter(registry, "jwtauth.authentications", "Requests authenticated (outcome ok) or refused, by error code",
                c -> c.authenticatedCount(), Tags.of("outcome", "ok"));
        for (AuthError error : AuthError.values()) {
            counter(registry, "jwtauth.authentications", "Requests authenticated (outcome ok) or refused, by error code",
                    c -> c.refusedCount(error), Tags.of("outcome", error.code()));
        }
        event(registry, "jwtauth.logins", "Logins, by result", AuthEvent.Type.LOGIN_SUCCEEDED, "result", "succeeded");
        event(registry, "jwtauth.logins", "Logins, by result", AuthEvent.Type.LOGIN_FAILED, "result", "failed");
        event(registry, "jwtauth.throttled", "Logins refused as throttled (per user, per address or max-concurrent)",
                AuthEvent.Type.LOGIN_THROTTLED, null, null);
        event(registry, "jwtauth.renewals", "Renewals, by result", AuthEvent.Type.RENEWED, "result", "succeeded");
        event(registry, "jwtauth.renewals", "Renewals, by result", AuthEvent.Type.RENEWAL_REFUSED, "result", "refused");
        event(registry, "jwtauth.replays", "Renewal tokens presented again after rotation (the session is revoked)",
                AuthEvent.Type.REPLAY_DETECTED, null, null);
        event(registry, "jwtauth.revocations", "Sessions ended, by scope", AuthEvent.Type.LOGGED_OUT, "scope", "session");
        event(registry, "jwtauth.revocations", "Sessions ended, by scope", AuthEvent.Type.LOGGED_OUT_ALL, "scope", "all-sessions");
        event(registry, "jwtauth.revocations", "Sessions ended, by scope", AuthEvent.Type.SESSIONS_ENDED, "scope", "user");
        event(registry, "jwtauth.logouts.refused", "Logouts refused", AuthEvent.Type.LOGOUT_REFUSED, null, null);
        FunctionTimer.builder("jwtauth.login.duration", counters, AuthCounters::loginCount, AuthCounters::loginTotalNanos,
                        TimeUnit.NANOSECONDS)
                .description("Time spent in logins (accepted or refused), password check included").tags(tags).register(registry);

        gauge(registry, "jwtauth.cache.size", "Entries in a cache", s -> s.metrics().sessionCacheSize(), Tags.of("cache", "sessions"));
        gauge(registry, "jwtauth.cache.size", "Entries in a cache", s -> s.metrics().tokenCacheSize(), Tags.of("cache", "tokens"));
        gauge(registry, "jwtauth.cache.hit.ratio", "Fraction of look-ups answered from a cache",
                s -> s.metrics().sessionCacheHitRate(), Tags.of("cache", "sessions"));
        gauge(registry, "jwtauth.cache.hit.ratio", "Fraction of look-ups answered from a cache",
                s -> s.counters().tokenCacheHitRate(), Tags.of("cache", "tokens"));
        FunctionCounter.builder("jwtauth.store.reads", auth, s -> s.metrics().sessionStoreReads())
                .description("Session look-ups that went to the store").tags(tags).register(registry);
        TimeGauge.builder("jwtauth.feed.lag", auth, TimeUnit.MILLISECONDS, s -> s.metrics().feedLag().toMillis())
                .description("How far behind the revocation feed is").tags(tags).register(registry);
        FunctionCounter.builder("jwtauth.feed.polls", auth, s -> s.metrics().feedPolls())
                .description("Revocation feed reads that caught up").tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<AuthCounters> count, Tags extra) {
        FunctionCounter.builder(name, auth.counters(), count).description(description).tags(tags.and(extra)).register(registry);
    }

    private void event(MeterRegistry registry, String name, String description, AuthEvent.Type type, String tag, String value) {
        counter(registry, name, description, c -> c.eventCount(type), tag == null ? Tags.empty() : Tags.of(tag, value));
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<AuthService> value, Tags extra) {
        Gauge.builder(name, auth, value).description(description).tags(tags.and(extra)).register(registry);
    }
}
