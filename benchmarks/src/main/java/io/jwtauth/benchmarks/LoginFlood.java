package io.jwtauth.benchmarks;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outside review's flood (#29, item 1), over HTTP against the shipped sample jar: {@code threads} (default 220)
 * client threads from 127.0.0.1 loop correct logins of {@code demo}, their own account, while {@code admin} logs in
 * once every 2 s from another client address. Prints the admin's success rate and latency percentiles without the
 * flood, then with it, and what the flood got (200s and 429s). Everything on loopback. Usage:
 * {@code java -cp benchmarks/target/benchmarks.jar io.jwtauth.benchmarks.LoginFlood [seconds] [threads]
 * [sample-jar] [victim-host]}; the victim's host is {@code [::1]} by default (another client address than the
 * flood's), {@code 127.0.0.1} for a version that refused plain-HTTP logins over IPv6 loopback.
 */
public final class LoginFlood {
    private static final String FLOOD_BODY = "{\"u\":\"demo\",\"p\":\"demo-password-1\"}";
    private static final String VICTIM_BODY = "{\"u\":\"admin\",\"p\":\"admin-password-1\"}";

    private LoginFlood() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 220;
        Path jar = Path.of(args.length > 2 ? args[2] : "sample-webapp/target/sample-webapp.jar");
        String victimHost = args.length > 3 ? args[3] : "[::1]";
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("flood-sample", ".log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("JWTAUTH_"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("JWTAUTH_DATA_DIR", Files.createTempDirectory("flood-data").toString());
        Process sample = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI flood = URI.create("http://127.0.0.1:" + port + "/auth/login");
            URI victim = URI.create("http://" + victimHost + ":" + port + "/auth/login");
            awaitUp(client, URI.create("http://127.0.0.1:" + port + "/health"));
            System.out.printf("%d cores, sample jar %s on H2, %d s per phase, victim at %s%n",
                    Runtime.getRuntime().availableProcessors(), jar, seconds, victimHost);
            System.out.printf("%-28s %9s %9s %9s %9s %16s%n", "phase", "victim ok", "refused", "p50", "p99", "flood 200/429");
            victim(client, victim, seconds, "alone", null);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong floodOk = new AtomicLong();
            AtomicLong floodRefused = new AtomicLong();
            List<Thread> floodThreads = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        int status = post(client, flood, FLOOD_BODY);
                        (status == 200 ? floodOk : floodRefused).incrementAndGet();
                    }
                });
                thread.setDaemon(true);
                thread.start();
                floodThreads.add(thread);
            }
            Thread.sleep(3000);
            victim(client, victim, seconds, "with " + threads + " flooding threads",
                    () -> floodOk.get() + "/" + floodRefused.get());
            running.set(false);
            for (Thread thread : floodThreads) {
                thread.join(10_000);
            }
        } finally {
            sample.destroy();
        }
    }

    /** The admin logs in every 2 s, a person's pace that stays within the attempt bucket (one per 2 s). */
    private static void victim(HttpClient client, URI uri, int seconds, String phase, java.util.function.Supplier<String> flood)
            throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        int ok = 0;
        int refused = 0;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            int status = post(client, uri, VICTIM_BODY);
            latencies.add(System.nanoTime() - start);
            if (status == 200) {
                ok++;
            } else {
                refused++;
            }
            Thread.sleep(2000);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("%-28s %8.1f%% %9d %7.1f ms %7.1f ms %16s%n", phase, 100.0 * ok / Math.max(1, ok + refused), refused,
                Percentiles.of(sorted, 0.50) / 1e6, Percentiles.of(sorted, 0.99) / 1e6,
                flood == null ? "-" : flood.get());
    }

    private static int post(HttpClient client, URI uri, String body) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void awaitUp(HttpClient client, URI health) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the sample did not start");
    }
}
