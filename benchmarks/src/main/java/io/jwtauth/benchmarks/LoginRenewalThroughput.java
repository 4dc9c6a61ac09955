package io.jwtauth.benchmarks;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.AuthSettings;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Login and renewal throughput on PostgreSQL through the real flow and JDBC provider, with the default
 * argon2id parameters, and the SQL statements each call costs. Usage:
 * {@code java -cp benchmarks.jar io.jwtauth.benchmarks.LoginRenewalThroughput [jdbc-url] [threads] [seconds]}.
 * Drops and recreates jwtauth's tables in that database.
 */
public final class LoginRenewalThroughput {
    private LoginRenewalThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : System.getenv().getOrDefault("JWTAUTH_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        BenchDatabase.reset(url);
        Settings settings = Settings.of(Map.of("jwtauth.jdbc.url", url, "jwtauth.jdbc.schema.create", "true",
                "jwtauth.jdbc.pool-size", Integer.toString(threads + 2), "jwtauth.key.secret", "throughput-secret-0123456789abcdef",
                "jwtauth.issuer", "throughput"));
        JdbcStores stores = JdbcStores.create(settings);
        for (int i = 0; i < threads; i++) {
            stores.users().createUser("user" + i, "User " + i, ("password-" + i).toCharArray(), Set.of("Registered Users"));
        }
        try (AuthService auth = JwtAuth.builder().settings(settings).provider(stores).build()) {
            ClientInfo client = new ClientInfo("127.0.0.1", "throughput");
            TokenResponse[] latest = new TokenResponse[threads];

            long before = stores.statementCount();
            long logins = run(threads, seconds, index -> latest[index] = auth.login("user" + index, ("password-" + index).toCharArray(), client));
            double loginStatements = (stores.statementCount() - before) / (double) logins;
            System.out.printf("login:   %d threads, %.1f logins/s, %.2f SQL statements per login (argon2id m=19456 KiB, t=2)%n",
                    threads, logins / (double) seconds, loginStatements);

            before = stores.statementCount();
            long renewals = run(threads, seconds, index -> latest[index] = auth.renew(latest[index].accessToken(), latest[index].renewalToken(), client));
            double renewalStatements = (stores.statementCount() - before - seconds) / (double) renewals; // minus ~1 feed poll per second
            System.out.printf("renewal: %d threads, %.1f renewals/s, %.2f SQL statements per renewal (feed polls excluded)%n",
                    threads, renewals / (double) seconds, renewalStatements);
        }
    }

    private interface Call {
        void run(int index) throws Exception;
    }

    private static long run(int threads, int seconds, Call call) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> counts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            counts.add(pool.submit(() -> {
                long done = 0;
                while (!stop.get()) {
                    call.run(index);
                    done++;
                }
                return done;
            }));
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        pool.shutdown();
        return total;
    }
}
