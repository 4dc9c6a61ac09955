package io.jwtauth.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push for the change feed: a thread that waits on the stream ({@code XREAD BLOCK}) on a connection of its own and
 * wakes this node's reader whenever another node records a change, so that it applies it in milliseconds rather than at
 * its next poll. A hint only: polling stays the guarantee, and a lost connection only means waiting for the poll.
 */
final class FeedPush implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedPush.class);
    private static final long BLOCK_MILLIS = 1000;

    private final StatefulRedisConnection<String, String> connection;
    private final Thread thread;
    private volatile boolean stopped;

    FeedPush(RedisClient client, String feedKey, Runnable wake) {
        this.connection = client.connect();
        this.thread = new Thread(() -> listen(feedKey, wake), "jwtauth-redis-feed-push");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen(String feedKey, Runnable wake) {
        String last = "$";
        while (!stopped) {
            try {
                List<StreamMessage<String, String>> seen = connection.sync().xread(XReadArgs.Builder.block(BLOCK_MILLIS).count(1000),
                        XReadArgs.StreamOffset.from(feedKey, last));
                if (!seen.isEmpty()) {
                    last = seen.get(seen.size() - 1).getId();
                    wake.run();
                }
            } catch (RedisException e) {
                if (stopped) {
                    return;
                }
                LOG.debug("jwtauth: redis feed push paused: {}", e.getMessage());
                last = "$"; // after a restart or failover the ids start over: wait for what comes next
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        connection.close();
        thread.interrupt();
    }
}
