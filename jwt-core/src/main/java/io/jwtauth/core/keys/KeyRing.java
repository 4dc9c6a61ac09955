package io.jwtauth.core.keys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys of one deployment: exactly one signing key, and every key whose tokens are still accepted
 * (the signing key included), selected by {@code kid}. Rotation without downtime: publish the new key as
 * a verification key first, then make it the signing key, then drop the old one once its tokens expired.
 *
 * <p>Immutable and thread-safe; the lookup map is built once.
 */
public final class KeyRing {
    private final KeyMaterial signingKey;
    private final List<KeyMaterial> verificationKeys;
    private final Map<String, KeyMaterial> byKeyId;

    private KeyRing(KeyMaterial signingKey, List<KeyMaterial> verificationKeys, Map<String, KeyMaterial> byKeyId) {
        this.signingKey = signingKey;
        this.verificationKeys = verificationKeys;
        this.byKeyId = byKeyId;
    }

    /** A ring with only the signing key. */
    public static KeyRing of(KeyMaterial signingKey) {
        return of(signingKey, List.of());
    }

    /**
     * A ring that signs with {@code signingKey} and also accepts {@code otherVerificationKeys}. When there is
     * more than one key, every key needs a distinct {@code kid}, so that a token names exactly one.
     */
    public static KeyRing of(KeyMaterial signingKey, Collection<KeyMaterial> otherVerificationKeys) {
        Objects.requireNonNull(signingKey, "signingKey");
        if (!signingKey.canSign()) {
            throw new KeyImportException("the signing key has no private part or secret, or its key_ops forbid 'sign'");
        }
        List<KeyMaterial> all = new ArrayList<>();
        all.add(signingKey);
        all.addAll(otherVerificationKeys);
        return build(signingKey, all);
    }

    /** A ring that only verifies (tools, resource servers): no signing key. */
    public static KeyRing forVerification(Collection<KeyMaterial> keys) {
        if (keys.isEmpty()) {
            throw new KeyImportException("no verification key");
        }
        return build(null, List.copyOf(keys));
    }

    private static KeyRing build(KeyMaterial signingKey, List<KeyMaterial> all) {
        for (KeyMaterial key : all) {
            if (key == signingKey) {
                continue;
            }
            if (!key.canVerify()) {
                throw new KeyImportException("key " + key + " does not allow 'verify' in its key_ops");
            }
        }
        Map<String, KeyMaterial> byKeyId = new HashMap<>();
        for (KeyMaterial key : all) {
            if (all.size() > 1 && key.keyId() == null) {
                throw new KeyImportException("with more than one key, every key needs a kid; " + key + " has none");
            }
            if (key.keyId() != null && byKeyId.put(key.keyId(), key) != null) {
                throw new KeyImportException("duplicate kid '" + key.keyId() + "'");
            }
        }
        return new KeyRing(signingKey, List.copyOf(all), Map.copyOf(byKeyId));
    }

    /** The signing key; {@link IllegalStateException} for a {@link #forVerification} ring. */
    public KeyMaterial signingKey() {
        if (signingKey == null) {
            throw new IllegalStateException("this key ring only verifies");
        }
        return signingKey;
    }

    /** Every key tokens may be verified with, the signing key first. */
    public List<KeyMaterial> verificationKeys() {
        return verificationKeys;
    }

    /**
     * The key a token header selects: by {@code kid} when it has one; without {@code kid}, the ring's only key
     * (whether or not that key has a kid), and none when there are several. {@code null} when none matches;
     * the token's {@code alg} must still equal the returned key's algorithm.
     */
    public KeyMaterial select(String keyId) {
        if (keyId == null) {
            return verificationKeys.size() == 1 ? verificationKeys.get(0) : null;
        }
        return byKeyId.get(keyId);
    }

    /** The public JWKS of the asymmetric keys (empty {@code keys} array for HMAC-only rings). */
    public String publicJwks() {
        return Keys.publicJwks(verificationKeys);
    }

    /** Whether any key is asymmetric, i.e. whether a JWKS document is worth publishing. */
    public boolean hasPublicKeys() {
        return verificationKeys.stream().anyMatch(key -> !key.isSymmetric());
    }
}
