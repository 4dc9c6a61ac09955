package io.jwtauth.core.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;

/**
 * Tokens that already passed verification, keyed by their {@link TokenDigest}, each kept until it expires: a
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

    /** The cache key of {@code token}; {@code null} when the cache is off, so that nothing is hashed then. */
    abstract TokenDigest keyOf(String token);

    /** The user for a token verified earlier, or {@code null}. */
    abstract AuthenticatedUser get(TokenDigest key);

    abstract void put(TokenDigest key, AuthenticatedUser user);

    abstract long size();

    static final class Cached extends VerifiedTokens {
        private final Cache<TokenDigest, AuthenticatedUser> cache;

        Cached(int maximumSize, Duration clockSkew, java.time.Clock clock) {
            this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize)
                    .expireAfter(new UntilExpiry(clockSkew, clock)).build();
        }

        @Override
        TokenDigest keyOf(String token) {
            return TokenDigest.of(token);
        }

        @Override
        AuthenticatedUser get(TokenDigest key) {
            return cache.getIfPresent(key);
        }

        @Override
        void put(TokenDigest key, AuthenticatedUser user) {
            cache.put(key, user);
        }

        @Override
        long size() {
            return cache.estimatedSize();
        }
    }

    static final class Disabled extends VerifiedTokens {
        @Override
        TokenDigest keyOf(String token) {
            return null;
        }

        @Override
        AuthenticatedUser get(TokenDigest key) {
            return null;
        }

        @Override
        void put(TokenDigest key, AuthenticatedUser user) {
        }

        @Override
        long size() {
            return 0;
        }
    }

    /** Cached tokens leave the cache when they expire. */
    private record UntilExpiry(Duration clockSkew, java.time.Clock clock) implements Expiry<TokenDigest, AuthenticatedUser> {
        @Override
        public long expireAfterCreate(TokenDigest key, AuthenticatedUser user, long currentTime) {
            return Math.max(0, Duration.between(clock.instant(), user.expiresAt().plus(clockSkew)).toNanos());
        }

        @Override
        public long expireAfterUpdate(TokenDigest key, AuthenticatedUser user, long currentTime, long currentDuration) {
            return currentDuration;
        }

        @Override
        public long expireAfterRead(TokenDigest key, AuthenticatedUser user, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
