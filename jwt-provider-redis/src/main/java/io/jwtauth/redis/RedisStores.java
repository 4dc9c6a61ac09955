package io.jwtauth.redis;

import io.jwtauth.core.spi.LoginFailureStore;
import io.jwtauth.core.spi.SessionBackend;
import io.jwtauth.core.spi.SessionStore;
import io.jwtauth.core.spi.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions, their feed and failed-login counts on one Redis (standalone, TLS or Sentinel): one Lettuce client and one
 * shared connection for the requests, and one more for the feed's push. Commands fail at once while the connection
 * is down (Lettuce reconnects in the background), so requests get {@code 503} rather than wait. Start-up connects
 * and fails when Redis cannot be reached, naming the URL (its password masked).
 */
public final class RedisStores implements SessionBackend {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStores.class);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisSessionStore sessions;
    private final RedisLoginFailures failures;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisStores(RedisClient client, StatefulRedisConnection<String, String> connection, RedisSettings settings) {
        this.client = client;
        this.connection = connection;
        RedisCalls calls = new RedisCalls(connection.sync(), settings.maskedUrl());
        String feedKey = settings.keyPrefix() + "feed";
        this.sessions = new RedisSessionStore(calls, settings.keyPrefix(), settings.waitReplicas(), settings.timeout()) {
            @Override
            public AutoCloseable onChanges(Runnable wake) {
                return new FeedPush(client, feedKey, wake);
            }
        };
        this.failures = new RedisLoginFailures(calls, settings.keyPrefix());
    }

    /** Connects, then joins the data set (its epoch); {@link StoreUnavailableException} when Redis cannot be reached. */
    static RedisStores connect(RedisSettings settings) {
        RedisClient client = RedisClient.create(settings.uri());
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            RedisStores stores = new RedisStores(client, connection, settings);
            stores.sessions.join();
            LOG.info("jwtauth: sessions, their feed and failed-login counts in redis at {} (keys {}*)", settings.maskedUrl(),
                    settings.keyPrefix());
            return stores;
        } catch (RedisException | StoreUnavailableException e) {
            client.shutdown();
            throw new StoreUnavailableException("jwtauth.redis.url: cannot reach redis at " + settings.maskedUrl() + ": "
                    + io.jwtauth.core.config.Settings.maskCredentials(String.valueOf(e.getMessage())), e);
        }
    }

    @Override
    public SessionStore sessionStore() {
        return sessions;
    }

    @Override
    public Optional<LoginFailureStore> loginFailures() {
        return Optional.of(failures);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
            client.shutdown();
        }
    }
}
