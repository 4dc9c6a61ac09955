package io.jwtauth.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** For {@link FeedScale}: the Redis server's own CPU time ({@code INFO cpu}), read over a connection of its own. */
final class RedisCpu implements AutoCloseable {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisCpu(String url) {
        this.client = RedisClient.create(url);
        this.connection = client.connect();
    }

    double seconds() {
        double total = 0;
        for (String line : connection.sync().info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
