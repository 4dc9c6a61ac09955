package io.jwtauth.containers;

import io.jwtauth.sample.SampleFlow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A container process the tests started, with the sample deployed as its root application. */
interface RunningContainer extends AutoCloseable {
    String baseUrl();

    boolean isAlive();

    /** Whatever the container and the application wrote, for a failure message. */
    String console();

    /** Whether deployment is over (the application started, or failed to). */
    boolean deploymentFinished();

    @Override
    void close();

    /** Waits for {@code /health}, failing at once with the container's console when it or the application died. */
    default SampleFlow awaitUp() throws InterruptedException {
        return awaitUp("/health");
    }

    /** Waits until deployment is over, for a start that must fail; returns the console to look into. */
    default String awaitFailedStart() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && isAlive() && !deploymentFinished()) {
            Thread.sleep(250);
        }
        return console();
    }

    /** Waits until {@code probe} answers 200. */
    default SampleFlow awaitUp(String probe) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new AssertionError("the container exited:\n" + console());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + probe))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                if (lastStatus == 200) {
                    return new SampleFlow(baseUrl());
                }
                if (lastStatus == 404 && deploymentFinished()) {
                    break; // deployed, but the application did not start: 404 from then on
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the web application did not come up (last status " + lastStatus + "):\n" + console());
    }
}
