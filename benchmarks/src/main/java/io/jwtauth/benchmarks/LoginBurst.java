package io.jwtauth.benchmarks;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.jdbc.JdbcStores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A burst of logins, as a fleet of mobile clients sends after a deploy: {@code count} (default 200) distinct users
 * log in at the same instant, each from its own address, through the real flow and the JDBC provider (H2 in memory,
 * default argon2id). It runs the burst twice, side by side: without a queue ({@code jwtauth.login.queue-timeout=0},
 * the behaviour before #14) and with the default 2 s queue, and prints for each how many logins succeeded, how many
 * were refused {@code 429}, and the latency percentiles. Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.jwtauth.benchmarks.LoginBurst [count] [queue-timeouts, default "0s,2s"]}.
 */
public final class LoginBurst {
    private LoginBurst() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String[] timeouts = (args.length > 1 ? args[1] : "0s,2s").split(",");
        Map<String, String> base = new HashMap<>();
        base.put("jwtauth.key.secret", "burst-secret-0123456789abcdef0123");
        base.put("jwtauth.issuer", "burst");
        base.put("jwtauth.jdbc.url", "jdbc:h2:mem:burst;DB_CLOSE_DELAY=-1");
        base.put("jwtauth.jdbc.schema.create", "true");
        JdbcStores setUp = JdbcStores.create(Settings.of(base));
        for (int i = 0; i < count; i++) {
            setUp.users().createUser("user" + i, "User " + i, ("password-" + i).toCharArray(), Set.of("Registered Users"));
        }
        System.out.printf("%d logins at once, %d cores, max-concurrent %d (the default)%n", count,
                Runtime.getRuntime().availableProcessors(), Math.max(2, Runtime.getRuntime().availableProcessors() * 2));
        System.out.printf("%-14s %8s %8s %8s %10s %10s %10s %10s%n", "queue-timeout", "ok", "429", "other", "p50", "p99",
                "max", "wall");
        for (int round = 0; round < 2; round++) {
            for (String timeout : timeouts) {
                Map<String, String> raw = new HashMap<>(base);
                raw.put("jwtauth.login.queue-timeout", timeout);
                // A fresh node per burst: its throttle and caches start empty, as after a deploy.
                try (JdbcStores stores = JdbcStores.create(Settings.of(raw));
                     AuthService auth = JwtAuth.builder().settings(raw).provider(stores).build()) {
                    burst(auth, count, timeout);
                }
            }
        }
        setUp.close();
    }

    private static void burst(AuthService auth, int count, String timeout) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int user = i;
            results.add(pool.submit(() -> {
                ClientInfo client = new ClientInfo("198.51." + (100 + user / 250) + "." + (user % 250 + 1), "burst/1.0");
                ready.countDown();
                go.await();
                long start = System.nanoTime();
                long outcome;
                try {
                    auth.login("user" + user, ("password-" + user).toCharArray(), client);
                    outcome = 200;
                } catch (AuthException e) {
                    outcome = e.error() == AuthError.THROTTLED ? 429 : 0;
                }
                return new long[] {outcome, System.nanoTime() - start};
            }));
        }
        ready.await();
        long started = System.nanoTime();
        go.countDown();
        int ok = 0;
        int throttled = 0;
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long[] result = results.get(i).get();
            ok += result[0] == 200 ? 1 : 0;
            throttled += result[0] == 429 ? 1 : 0;
            latencies[i] = result[1];
        }
        long wall = System.nanoTime() - started;
        pool.shutdown();
        Arrays.sort(latencies);
        System.out.printf("%-14s %8d %8d %8d %8.0f ms %7.0f ms %7.0f ms %7.0f ms%n", timeout, ok, throttled, count - ok - throttled,
                millis(Percentiles.of(latencies, 0.50)), millis(Percentiles.of(latencies, 0.99)), millis(latencies[count - 1]),
                millis(wall));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
