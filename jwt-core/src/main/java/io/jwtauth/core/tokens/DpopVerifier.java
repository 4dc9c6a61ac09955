package io.jwtauth.core.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.internal.Base64Url;
import io.jwtauth.core.internal.SignedParts;
import io.jwtauth.core.internal.StrictJson;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyImportException;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.ProofKeys;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks DPoP proofs (RFC 9449 §4.3), each step next to its refusal, in this order:
 * <ol>
 *   <li>a proof at all, within {@link #MAX_PROOF_LENGTH}, three canonical base64url segments;</li>
 *   <li>the header: a JSON object, {@code typ} exactly {@code dpop+jwt}, {@code alg} one of {@link #ALGORITHMS}
 *       (asymmetric; {@code none} in any spelling is not one), no {@code crit};</li>
 *   <li>{@code jwk}: a public key (no private member) of a type that fits {@code alg}, through the same import checks
 *       as a configured key;</li>
 *   <li>the signature, by that key with that algorithm (a header seen before with a proof that verified has its key
 *       remembered: a client repeats one header, so its key is imported once);</li>
 *   <li>the claims: a JSON object with a string {@code jti} (at most 256 characters), {@code htm} equal to the
 *       request's method, {@code htu} equal to its URL without query and fragment (after RFC 3986 syntax-based
 *       normalisation), a numeric {@code iat} no older than the maximum age and no further ahead than the clock
 *       skew;</li>
 *   <li>{@code ath}: with an access token, base64url(SHA-256(token)); required where {@code athRequired};</li>
 *   <li>{@code jti} not seen before with this key on this node while a proof could still be accepted
 *       (RFC 9449 §11.1).</li>
 * </ol>
 * Every refusal is an {@link AuthException} with {@link AuthError#BAD_DPOP}. Whether the proof's key is the one a token
 * is bound to is the caller's check. The proof's {@code jwk} is the key by design of the protocol: it is never used to
 * look up, fetch or trust anything else. Immutable and thread-safe.
 */
public final class DpopVerifier {
    /** The proof algorithms accepted: asymmetric only. */
    public static final Set<JwsAlgorithm> ALGORITHMS = Set.copyOf(EnumSet.of(JwsAlgorithm.ES256, JwsAlgorithm.PS256,
            JwsAlgorithm.RS256, JwsAlgorithm.EdDSA));
    /** A proof with a 4096-bit RSA key is under 2 KiB; anything far larger is not one. */
    public static final int MAX_PROOF_LENGTH = 8192;
    private static final int MAX_JTI_LENGTH = 256;
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

    private final Duration maxAge;
    private final Duration clockSkew;
    private final Clock clock;
    /** (thumbprint, jti) of the proofs accepted while they could still be presented again. */
    private final Cache<String, Boolean> seen;
    /**
     * Header segment → its checked key: a client's proofs repeat one header (typ, alg, jwk), so its key is read, checked
     * and thumbprinted once, not on every request. Only headers of proofs whose signature verified are kept.
     */
    private final Cache<String, ProofKey> keysByHeader = Caffeine.newBuilder().executor(Runnable::run).maximumSize(10_000).build();

    private record ProofKey(KeyMaterial key, String thumbprint) {
    }

    /**
     * @param maxAge    how old a proof's {@code iat} may be
     * @param clockSkew how far ahead of this node's clock a proof's {@code iat} may be
     * @param maxSeen   how many recent proofs are remembered for the replay check
     */
    public DpopVerifier(Duration maxAge, Duration clockSkew, Clock clock, int maxSeen) {
        this.maxAge = Objects.requireNonNull(maxAge);
        this.clockSkew = Objects.requireNonNull(clockSkew);
        this.clock = Objects.requireNonNull(clock);
        // A proof is acceptable from iat - skew to iat + maxAge: remembered that long after it was first seen.
        // Maintenance on the caller: a pool thread woken per write cost more than the check itself (DpopBenchmark).
        this.seen = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxSeen)
                .expireAfterWrite(maxAge.plus(clockSkew).plus(clockSkew)).build();
    }

    /** A proof that passed every check: its key's thumbprint (what a token is bound to), {@code jti} and {@code iat}. */
    public record Proof(String thumbprint, String jti, Instant issuedAt) {
    }

    /**
     * Checks {@code proof} for a request with {@code method} to {@code url} (query and fragment are ignored).
     *
     * @param accessToken the access token the request presents, or {@code null} (a login)
     * @param athRequired whether the proof must carry {@code ath} (a request with a DPoP-bound token); otherwise a
     *                    present {@code ath} must still match {@code accessToken}
     */
    public Proof verify(String proof, String method, String url, String accessToken, boolean athRequired) {
        if (proof == null || proof.isEmpty()) {
            throw refuse("no DPoP proof");
        }
        if (proof.length() > MAX_PROOF_LENGTH) {
            throw refuse("proof longer than " + MAX_PROOF_LENGTH + " characters");
        }
        int firstDot = proof.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : proof.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || proof.indexOf('.', secondDot + 1) >= 0 || secondDot == proof.length() - 1
                || secondDot == firstDot + 1) {
            throw refuse("proof is not three non-empty segments");
        }
        if (!Base64Url.isCanonical(proof, 0, firstDot) || !Base64Url.isCanonical(proof, firstDot + 1, secondDot)
                || !Base64Url.isCanonical(proof, secondDot + 1, proof.length())) {
            throw refuse("a proof segment is not canonical base64url");
        }
        String headerSegment = proof.substring(0, firstDot);
        ProofKey known = keysByHeader.getIfPresent(headerSegment);
        ProofKey proofKey = known != null ? known : readHeader(headerSegment);
        SignedParts parts = new SignedParts(headerSegment, proof.substring(firstDot + 1, secondDot), proof.substring(secondDot + 1));
        if (!proofKey.key().verifies(parts)) {
            throw refuse("signature does not verify with the proof's jwk");
        }
        if (known == null) {
            keysByHeader.put(headerSegment, proofKey);
        }
        String thumbprint = proofKey.thumbprint();
        JsonNode claims = json(parts.getPayload(), "payload");
        String jti = text(claims, "jti");
        if (jti.length() > MAX_JTI_LENGTH) {
            throw refuse("jti longer than " + MAX_JTI_LENGTH + " characters");
        }
        if (!text(claims, "htm").equals(method)) {
            throw refuse("htm is not the request's method");
        }
        String htu = text(claims, "htu");
        // Clients usually name the URL exactly as it was requested: then no parsing is needed.
        if (!htu.equals(url)) {
            String normalised = normalise(htu);
            if (normalised == null || !normalised.equals(normalise(url))) {
                throw refuse("htu is not the request's URL");
            }
        }
        Instant issuedAt = issuedAt(claims);
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(clockSkew))) {
            throw refuse("iat is in the future");
        }
        if (issuedAt.isBefore(now.minus(maxAge))) {
            throw refuse("iat is older than " + maxAge);
        }
        JsonNode ath = claims.get("ath");
        if (ath == null) {
            if (athRequired) {
                throw refuse("ath missing");
            }
        } else if (accessToken == null || !ath.isTextual()
                || !MessageDigest.isEqual(ath.asText().getBytes(StandardCharsets.US_ASCII), hash(accessToken))) {
            throw refuse("ath is not the access token's hash");
        }
        if (seen.asMap().putIfAbsent(thumbprint + ' ' + jti, Boolean.TRUE) != null) {
            throw refuse("jti seen before: a replayed proof");
        }
        return new Proof(thumbprint, jti, issuedAt);
    }

    /** The header's checks (typ, alg, crit) and its key: the jwk read for the alg, and its thumbprint. */
    private static ProofKey readHeader(String headerSegment) {
        JsonNode header = json(headerSegment, "header");
        JsonNode typ = header.get("typ");
        if (typ == null || !typ.isTextual() || !"dpop+jwt".equals(typ.asText())) {
            throw refuse("typ is not dpop+jwt");
        }
        JsonNode alg = header.get("alg");
        JwsAlgorithm algorithm = alg == null || !alg.isTextual() ? null : JwsAlgorithm.fromName(alg.asText()).orElse(null);
        if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
            throw refuse("alg is not one of " + ALGORITHMS);
        }
        if (header.has("crit")) {
            throw refuse("crit is not accepted");
        }
        JsonNode jwk = header.get("jwk");
        try {
            return new ProofKey(ProofKeys.publicKey(jwk, algorithm), ProofKeys.thumbprint(jwk));
        } catch (KeyImportException e) {
            throw refuse("jwk: " + e.getMessage());
        }
    }

    /** base64url(SHA-256(access token)), as {@code ath} carries it. */
    public static String accessTokenHash(String accessToken) {
        return new String(hash(accessToken), StandardCharsets.US_ASCII);
    }

    private static byte[] hash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64Url.encode(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /**
     * An absolute http(s) URL without query and fragment, with RFC 3986 syntax-based normalisation: scheme and host
     * in lower case, the default port dropped, dot segments removed, an empty path as {@code /}, percent-encodings in
     * upper case. {@code null} for anything else.
     */
    static String normalise(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url).normalize();
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"https".equals(scheme) && !"http".equals(scheme) || uri.getRawAuthority() == null || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || "https".equals(scheme) && port == 443 || "http".equals(scheme) && port == 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : upperCaseEscapes(uri.getRawPath());
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    }

    private static String upperCaseEscapes(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && i + 2 < path.length()) {
                out.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static JsonNode json(String segment, String what) {
        JsonNode node;
        try {
            node = StrictJson.read(Base64.getUrlDecoder().decode(segment));
        } catch (IOException | IllegalArgumentException e) {
            throw refuse("proof " + what + " is not JSON");
        }
        if (!node.isObject()) {
            throw refuse("proof " + what + " is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw refuse(name + " missing, empty or not a string");
        }
        return value.asText();
    }

    private static Instant issuedAt(JsonNode claims) {
        JsonNode iat = claims.get("iat");
        if (iat == null || !iat.isNumber() || !iat.canConvertToLong() || iat.asLong() < 0 || iat.asLong() > MAX_EPOCH_SECONDS) {
            throw refuse("iat missing or not a NumericDate");
        }
        return Instant.ofEpochSecond(iat.asLong());
    }

    private static AuthException refuse(String detail) {
        return new AuthException(AuthError.BAD_DPOP, detail);
    }
}
