package io.jwtauth.core.external;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GETs a key set or discovery document from a configured URL, within limits: {@link #TIMEOUT} for the whole
 * exchange, {@link #MAX_BYTES} of body, no redirects (a redirect could lead anywhere), status 200 only.
 * Thread-safe; one HTTP client for every issuer, made only when an external issuer is configured.
 */
final class JwksFetcher implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** A provider's key set is a few KiB (Entra ID's about 10); anything this large is not one. */
    static final int MAX_BYTES = 256 * 1024;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d{1,10})\"?\\s*(?:,|$)");

    private final HttpClient client;
    private final Duration timeout;

    JwksFetcher(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A fetched document and the max-age its {@code Cache-Control} gave ({@code null} without one). */
    record Document(String body, Duration maxAge) {
    }

    Document get(URI url) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response = send(request, false);
        if (response.statusCode() != 200) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        return new Document(new String(response.body(), StandardCharsets.UTF_8),
                maxAge(response.headers().firstValue("Cache-Control").orElse(null)));
    }

    /** A provider's answer to a POST: its status, and its body when the status is 200 or 400 to 499 (else empty). */
    record Answer(int status, String body) {
    }

    /**
     * POSTs an {@code application/x-www-form-urlencoded} body (a token request), within the same limits as {@link #get};
     * {@code authorization} is the {@code Authorization} header's value, or {@code null}.
     */
    Answer postForm(URI url, String form, String authorization) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response = send(request.build(), true);
        return new Answer(response.statusCode(), response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Sends within {@link #timeout} and {@link #MAX_BYTES}; the body is read for 200 (and 4xx with {@code errorBodies}). */
    private HttpResponse<byte[]> send(HttpRequest request, boolean errorBodies) throws IOException {
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> info.statusCode() == 200
                || errorBodies && info.statusCode() >= 400 && info.statusCode() < 500
                ? new LimitedBody(MAX_BYTES) : HttpResponse.BodySubscribers.replacing(null));
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("no complete answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName(), cause);
        }
    }

    /** {@code max-age} of a {@code Cache-Control} value; zero for {@code no-cache} or {@code no-store}; {@code null} for none. */
    static Duration maxAge(String cacheControl) {
        if (cacheControl == null) {
            return null;
        }
        String lower = cacheControl.toLowerCase(Locale.ROOT);
        if (lower.contains("no-cache") || lower.contains("no-store")) {
            return Duration.ZERO;
        }
        Matcher matcher = MAX_AGE.matcher(lower);
        return matcher.find() ? Duration.ofSeconds(Long.parseLong(matcher.group(1))) : null;
    }

    @Override
    public void close() {
        // HttpClient is closeable from JDK 21 on; before that its threads end on their own when idle.
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Nothing left to do: the client is being discarded.
            }
        }
    }

    /** Collects a body of at most {@code limit} bytes; a larger one fails the exchange and stops the download. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription newSubscription) {
            this.subscription = newSubscription;
            newSubscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (received.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("larger than " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                received.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(received.toByteArray());
        }
    }
}
