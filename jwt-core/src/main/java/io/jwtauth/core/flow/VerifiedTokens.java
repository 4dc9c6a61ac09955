package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;

/**
 * Tokens that already passed verification, keyed by the whole token, each kept until it expires: a
 * repeated token skips parsing and signature work. Session state is still checked on every request, so
 * revocation applies. With size 0 the cache is a no-op chosen once at start-up (a Caffeine cache of size 0
 * would still answer hits until its asynchronous eviction ran). Thread-safe.
 *
 * <p>Caffeine's housekeeping runs on the calling thread ({@code executor(Runnable::run)}): handing it to the
 * common fork-join pool, the default, wakes pool threads under load, which cost more than the work itself.
 */
abstract sealed class VerifiedTokens permits VerifiedTokens.Cached, VerifiedTokens.Disabled {
    static VerifiedTokens create(int maximumSize, Duration clockSkew, java.time.Clock clock) {
        return maximumSize == 0 ? new Disabled() : new Cached(maximumSize, clockSkew, clock);
    }

    /** The user for a token verified earlier, or {@code null}. */
    abstract AuthenticatedUser get(String token);

    abstract void put(String token, AuthenticatedUser user);

    abstract long size();

    static final class Cached extends VerifiedTokens {
        private final Cache<String, AuthenticatedUser> cache;

        Cached(int maximumSize, Duration clockSkew, java.time.Clock clock) {
            this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize)
                    .expireAfter(new UntilExpiry(clockSkew, clock)).build();
        }

        @Override
        AuthenticatedUser get(String token) {
            return cache.getIfPresent(token);
        }

        @Override
        void put(String token, AuthenticatedUser user) {
            cache.put(token, user);
        }

        @Override
        long size() {
            return cache.estimatedSize();
        }
    }

    static final class Disabled extends VerifiedTokens {
        @Override
        AuthenticatedUser get(String token) {
            return null;
        }

        @Override
        void put(String token, AuthenticatedUser user) {
        }

        @Override
        long size() {
            return 0;
        }
    }

    /** Cached tokens leave the cache when they expire. */
    private record UntilExpiry(Duration clockSkew, java.time.Clock clock) implements Expiry<String, AuthenticatedUser> {
        @Override
        public long expireAfterCreate(String token, AuthenticatedUser user, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), user.expiresAt().plus(clockSkew)).toNanos());
        }

        @Override
        public long expireAfterUpdate(String token, AuthenticatedUser user, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(String token, AuthenticatedUser user, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
