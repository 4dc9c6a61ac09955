package io.jwtauth.core.external;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.tokens.KeyLookup;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One external issuer's public keys, fetched from its configured JWKS URL (or the one its discovery document
 * names) and kept for the document's {@code Cache-Control} max-age, bounded to {@link #MIN_MAX_AGE}–{@link #MAX_MAX_AGE}.
 *
 * <ul>
 *   <li>Keys are fetched when first needed, when their max-age has passed, and when a token names an unknown
 *       {@code kid} (rotation). Fetches are at least {@code jwks-refetch-interval} apart, failed ones included, so
 *       neither random kids nor a provider outage make us call the provider more often.</li>
 *   <li>Fetches run on a background thread, one at a time. A request that needs one waits for it at most
 *       {@link #FETCH_WAIT}, then goes on with the keys at hand: a slow or hung provider costs a request thread half a
 *       second, never the fetch timeout, and a token whose key is not at hand then gets {@code unavailable}.</li>
 *   <li>When fetching fails, the last good keys serve until {@code jwks-stale-limit} past their max-age; after
 *       that, the issuer's tokens get {@code unavailable} until a fetch succeeds.</li>
 * </ul>
 * Thread-safe.
 */
final class RemoteKeySet implements KeyLookup {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteKeySet.class);
    static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
    static final Duration MAX_MAX_AGE = Duration.ofHours(24);
    /** Without {@code Cache-Control}. */
    static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    /** A provider publishes a handful of keys; a set this large is refused rather than searched. */
    static final int MAX_KEYS = 100;
    /** The longest a request waits for a fetch. A provider on a healthy network answers well within it. */
    static final Duration FETCH_WAIT = Duration.ofMillis(500);

    private final ExternalIssuer issuer;
    private final JwksFetcher fetcher;
    private final Clock clock;
    private final long refetchMillis;
    private final long staleMillis;
    private final Executor background;
    private final Object lock = new Object();
    private volatile Snapshot keys = Snapshot.NONE;
    /** The JWKS URL: configured, or found by discovery (then remembered). Written by the one running fetch only. */
    private volatile URI jwksUrl;
    /** The fetch running now, or {@code null}; guarded by {@link #lock}. */
    private CompletableFuture<Snapshot> inFlight;
    /** When the last fetch was started; guarded by {@link #lock}. */
    private long lastAttemptMillis;
    private boolean attempted;

    /** @param background runs the fetches, so that no request thread waits out a slow provider */
    RemoteKeySet(ExternalIssuer issuer, JwksFetcher fetcher, Clock clock, Executor background) {
        this.issuer = issuer;
        this.fetcher = fetcher;
        this.clock = clock;
        this.background = background;
        this.jwksUrl = issuer.jwksUrl();
        this.refetchMillis = issuer.refetchInterval().toMillis();
        this.staleMillis = issuer.staleLimit().toMillis();
    }

    @Override
    public KeyMaterial find(String keyId, JwsAlgorithm algorithm) {
        if (!issuer.algorithms().contains(algorithm)) {
            return null;
        }
        long now = clock.millis();
        Snapshot current = keys;
        if (now >= current.dueMillis() || (keyId != null && !current.byKeyId().containsKey(keyId))) {
            current = refresh(now, current);
        }
        if (now >= current.usableUntilMillis()) {
            throw new AuthException(AuthError.UNAVAILABLE, "the keys of external issuer " + issuer.name() + " are not at hand",
                    AuthException.UNAVAILABLE_RETRY_AFTER, null);
        }
        return current.find(keyId, algorithm);
    }

    /**
     * Starts a fetch unless one is running or the refetch interval has not passed since the last, then waits for
     * the running one at most {@link #FETCH_WAIT}; returns the keys at hand after that.
     */
    private Snapshot refresh(long now, Snapshot seen) {
        CompletableFuture<Snapshot> pending;
        synchronized (lock) {
            if (keys != seen) {
                return keys;
            }
            pending = inFlight;
            if (pending == null) {
                if (attempted && now - lastAttemptMillis < refetchMillis) {
                    return keys;
                }
                attempted = true;
                lastAttemptMillis = now;
                pending = new CompletableFuture<>();
                inFlight = pending;
                CompletableFuture<Snapshot> started = pending;
                try {
                    background.execute(() -> fetch(started));
                } catch (RejectedExecutionException e) {
                    inFlight = null; // closing
                    return keys;
                }
            }
        }
        try {
            return pending.get(FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return keys;
        }
    }

    /** On the background thread: one fetch, whose result (new keys, or the old ones on failure) completes {@code done}. */
    private void fetch(CompletableFuture<Snapshot> done) {
        Snapshot before = keys;
        try {
            keys = load(clock.millis());
        } catch (IOException | RuntimeException e) {
            long now = clock.millis();
            LOG.warn("jwtauth: external issuer {}: cannot fetch its keys from {}: {}; {}", issuer.name(),
                    Settings.maskCredentials(String.valueOf(jwksUrl != null ? jwksUrl : issuer.discoveryUrl())),
                    e.getMessage(), now < before.usableUntilMillis() ? "the last good keys serve until "
                            + java.time.Instant.ofEpochMilli(before.usableUntilMillis()) : "its tokens are refused (503) until a fetch succeeds");
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
            done.complete(keys);
        }
    }

    private Snapshot load(long now) throws IOException {
        URI url = jwksUrl != null ? jwksUrl : discover();
        JwksFetcher.Document document = fetcher.get(url);
        List<String> skipped = new ArrayList<>();
        List<KeyMaterial> found = Keys.parsePublicJwks(document.body(), issuer.algorithms(), skipped);
        if (found.isEmpty()) {
            throw new IOException("no key there serves " + issuer.algorithms() + (skipped.isEmpty() ? "" : ": " + skipped));
        }
        if (found.size() > MAX_KEYS) {
            throw new IOException("more than " + MAX_KEYS + " keys");
        }
        if (!skipped.isEmpty()) {
            LOG.info("jwtauth: external issuer {}: left out of its key set: {}", issuer.name(), skipped);
        }
        Duration maxAge = document.maxAge() == null ? DEFAULT_MAX_AGE : document.maxAge();
        maxAge = maxAge.compareTo(MIN_MAX_AGE) < 0 ? MIN_MAX_AGE : maxAge.compareTo(MAX_MAX_AGE) > 0 ? MAX_MAX_AGE : maxAge;
        LOG.info("jwtauth: external issuer {}: keys from {} ({} usable), kept for {} s", issuer.name(),
                Settings.maskCredentials(url.toString()), found.size(), maxAge.toSeconds());
        long due = now + maxAge.toMillis();
        return Snapshot.of(found, due, due + staleMillis);
    }

    /** The JWKS URL from the OIDC discovery document, whose issuer must be the configured one (OIDC Discovery §4.3). */
    private URI discover() throws IOException {
        JsonNode root = StrictJson.read(fetcher.get(issuer.discoveryUrl()).body());
        if (!root.path("issuer").isTextual() || !issuer.issuer().equals(root.get("issuer").asText())) {
            throw new IOException("the discovery document at " + issuer.discoveryUrl() + " is for another issuer");
        }
        if (!root.path("jwks_uri").isTextual()) {
            throw new IOException("the discovery document at " + issuer.discoveryUrl() + " has no jwks_uri");
        }
        try {
            jwksUrl = ExternalIssuer.url("jwks_uri", root.get("jwks_uri").asText());
        } catch (ConfigException e) {
            throw new IOException("the discovery document's " + e.getMessage());
        }
        return jwksUrl;
    }

    /** The keys of one fetch, by kid, and until when they serve. Immutable. */
    private record Snapshot(Map<String, List<KeyMaterial>> byKeyId, List<KeyMaterial> all, long dueMillis, long usableUntilMillis) {
        static final Snapshot NONE = new Snapshot(Map.of(), List.of(), Long.MIN_VALUE, Long.MIN_VALUE);

        static Snapshot of(List<KeyMaterial> keys, long dueMillis, long usableUntilMillis) {
            Map<String, List<KeyMaterial>> byKeyId = new HashMap<>();
            for (KeyMaterial key : keys) {
                if (key.keyId() != null) {
                    byKeyId.computeIfAbsent(key.keyId(), kid -> new ArrayList<>()).add(key);
                }
            }
            byKeyId.replaceAll((kid, list) -> List.copyOf(list));
            return new Snapshot(Map.copyOf(byKeyId), List.copyOf(keys), dueMillis, usableUntilMillis);
        }

        /** The key with {@code keyId} for {@code algorithm}; without a kid, the only key for it. */
        KeyMaterial find(String keyId, JwsAlgorithm algorithm) {
            List<KeyMaterial> candidates = keyId != null ? byKeyId.getOrDefault(keyId, List.of()) : all;
            KeyMaterial match = null;
            for (KeyMaterial key : candidates) {
                if (key.algorithm() == algorithm) {
                    if (match != null) {
                        return null;
                    }
                    match = key;
                }
            }
            return match;
        }
    }
}
