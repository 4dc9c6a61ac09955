package io.jwtauth.core.keys;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The deployment's keys from the {@code jwtauth.key.*} settings: one signing key (an HMAC secret, or the one
 * private key of a PEM or JWK file, chosen by {@code kid} when the file holds several) and the verification-only
 * keys of {@code jwtauth.key.verify-files}, all pinned to {@code jwtauth.key.alg}. Every problem is a
 * {@link ConfigException} naming the key to fix. Immutable.
 */
public final class KeySettings {
    public static final String KEY_ALG = "jwtauth.key.alg";
    public static final String KEY_SECRET = "jwtauth.key.secret";
    public static final String KEY_FILE = "jwtauth.key.file";
    public static final String KEY_ID = "jwtauth.key.kid";
    public static final String KEY_VERIFY_FILES = "jwtauth.key.verify-files";

    /** Every key read here. */
    public static final Set<String> KEYS = Set.of(KEY_ALG, KEY_SECRET, KEY_FILE, KEY_ID, KEY_VERIFY_FILES);

    private final KeyRing keyRing;
    private final String source;

    private KeySettings(KeyRing keyRing, String source) {
        this.keyRing = keyRing;
        this.source = source;
    }

    /** Reads and checks the key settings; throws {@link ConfigException} naming the first bad one. */
    public static KeySettings from(Settings settings) {
        String algName = settings.string(KEY_ALG, "HS256");
        JwsAlgorithm algorithm = JwsAlgorithm.fromName(algName).orElseThrow(() -> new ConfigException(KEY_ALG,
                "must be one of " + Arrays.toString(JwsAlgorithm.values()) + ", was '" + algName + "'"));
        String kid = settings.get(KEY_ID).orElse(null);
        String secret = settings.get(KEY_SECRET).orElse(null);
        String file = settings.get(KEY_FILE).orElse(null);
        KeyMaterial signing;
        String source;
        if (algorithm.isSymmetric() && secret != null) {
            if (file != null) {
                throw new ConfigException(KEY_SECRET, "set either " + KEY_SECRET + " or " + KEY_FILE + ", not both");
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < algorithm.hashBytes()) {
                throw new ConfigException(KEY_SECRET, algorithm + " needs a secret of at least " + algorithm.hashBytes()
                        + " bytes (UTF-8), got " + bytes.length + "; generate one with: jwtauth keygen --alg " + algorithm + " --secret");
            }
            signing = Keys.secret(bytes, algorithm, kid);
            source = "secret from " + KEY_SECRET;
        } else if (file != null) {
            if (secret != null) {
                throw new ConfigException(KEY_SECRET, "is only for HMAC algorithms; " + algorithm + " reads its key from " + KEY_FILE);
            }
            signing = signingKeyFromFile(file, algorithm, kid);
            source = "file " + file;
        } else {
            throw new ConfigException(algorithm.isSymmetric() ? KEY_SECRET : KEY_FILE, "is required: "
                    + (algorithm.isSymmetric() ? "the " + algorithm + " secret (at least " + algorithm.hashBytes() + " bytes), e.g. ${env:JWTAUTH_SECRET}"
                    : "a PEM or JWK file with the " + algorithm + " private key"));
        }
        List<KeyMaterial> others = new ArrayList<>();
        for (String verifyFile : settings.list(KEY_VERIFY_FILES)) {
            try {
                // Pinned like the signing key: an RSA PEM read without the algorithm would default to RS256.
                others.addAll(Keys.read(Path.of(verifyFile), algorithm));
            } catch (KeyImportException e) {
                throw new ConfigException(KEY_VERIFY_FILES, e.getMessage(), e);
            }
        }
        try {
            return new KeySettings(KeyRing.of(signing, others), source);
        } catch (KeyImportException e) {
            throw new ConfigException(others.isEmpty() ? KEY_FILE : KEY_VERIFY_FILES, e.getMessage(), e);
        }
    }

    private static KeyMaterial signingKeyFromFile(String file, JwsAlgorithm algorithm, String kid) {
        List<KeyMaterial> keys;
        try {
            keys = Keys.read(Path.of(file), algorithm);
        } catch (KeyImportException e) {
            throw new ConfigException(KEY_FILE, e.getMessage(), e);
        }
        List<KeyMaterial> signers = keys.stream()
                .filter(KeyMaterial::canSign)
                .filter(key -> kid == null || key.keyId() == null || kid.equals(key.keyId()))
                .toList();
        if (signers.size() != 1) {
            throw new ConfigException(KEY_FILE, signers.isEmpty()
                    ? "holds no private " + algorithm + " key" + (kid == null ? "" : " with kid '" + kid + "'")
                    : "holds several private keys; set " + KEY_ID + " to choose one");
        }
        KeyMaterial key = signers.get(0);
        return kid != null && key.keyId() == null ? key.withKeyId(kid) : key;
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    /** Where the signing key came from, for the start-up log (never the key itself). */
    public String source() {
        return source;
    }
}
