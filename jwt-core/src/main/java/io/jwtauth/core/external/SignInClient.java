package io.jwtauth.core.external;

import static io.jwtauth.core.external.ExternalIssuer.CLIENT_ID;
import static io.jwtauth.core.external.ExternalIssuer.CLIENT_KEY_ALG;
import static io.jwtauth.core.external.ExternalIssuer.CLIENT_KEY_FILE;
import static io.jwtauth.core.external.ExternalIssuer.CLIENT_SECRET;
import static io.jwtauth.core.external.ExternalIssuer.SCOPES;
import static io.jwtauth.core.external.ExternalIssuer.key;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyImportException;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * This application as an identity provider's OpenID Connect client, from {@code jwtauth.external.<name>.client-id},
 * {@code client-secret} or {@code client-key-file} (with {@code client-key-alg}), and {@code scopes}: how sign-in
 * authenticates to the token endpoint (a secret, {@code private_key_jwt}, or nothing for a public client) and what it
 * asks for, {@code openid} first. Read and validated once; immutable. Package-private: it holds the client's secrets.
 */
record SignInClient(String clientId, String clientSecret, KeyMaterial clientKey, List<String> scopes) {
    /** The client the provider {@code name}'s keys describe, or {@code null} without a client id. */
    static SignInClient read(String name, Settings settings) {
        String clientId = settings.get(key(name, CLIENT_ID)).orElse(null);
        String clientSecret = settings.get(key(name, CLIENT_SECRET)).orElse(null);
        KeyMaterial clientKey = clientKey(name, settings);
        if (clientId == null) {
            for (String suffix : List.of(CLIENT_SECRET, CLIENT_KEY_FILE, SCOPES)) {
                if (settings.get(key(name, suffix)).isPresent()) {
                    throw new ConfigException(key(name, suffix), "needs " + key(name, CLIENT_ID) + ": sign-in is for a client of the provider");
                }
            }
            return null;
        }
        if (clientSecret != null && clientKey != null) {
            throw new ConfigException(key(name, CLIENT_KEY_FILE), "and " + key(name, CLIENT_SECRET) + " are both set; the client "
                    + "authenticates one way: keep one");
        }
        List<String> asked = new ArrayList<>(settings.list(key(name, SCOPES)));
        if (asked.isEmpty()) {
            asked.add("profile");
        }
        for (String scope : asked) {
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                throw new ConfigException(key(name, SCOPES), "'" + scope + "' is not a scope token (RFC 6749 section 3.3)");
            }
        }
        asked.remove("openid");
        asked.add(0, "openid");
        return new SignInClient(clientId, clientSecret, clientKey, List.copyOf(asked));
    }

    /** The private key of {@code private_key_jwt}, or {@code null}: read and checked once, at start. */
    private static KeyMaterial clientKey(String name, Settings settings) {
        String file = settings.get(key(name, CLIENT_KEY_FILE)).orElse(null);
        if (file == null) {
            if (settings.get(key(name, CLIENT_KEY_ALG)).isPresent()) {
                throw new ConfigException(key(name, CLIENT_KEY_ALG), "needs " + key(name, CLIENT_KEY_FILE));
            }
            return null;
        }
        String algorithmName = settings.string(key(name, CLIENT_KEY_ALG), "RS256");
        JwsAlgorithm algorithm = JwsAlgorithm.fromName(algorithmName).filter(candidate -> !candidate.isSymmetric())
                .orElseThrow(() -> new ConfigException(key(name, CLIENT_KEY_ALG), "'" + algorithmName
                        + "' is not an asymmetric JWS algorithm; use RS256, PS256, ES256 or EdDSA"));
        List<KeyMaterial> keys;
        try {
            keys = Keys.read(Path.of(file), algorithm);
        } catch (KeyImportException | java.nio.file.InvalidPathException e) {
            throw new ConfigException(key(name, CLIENT_KEY_FILE), "cannot be used: " + e.getMessage());
        }
        return keys.stream().filter(KeyMaterial::canSign).findFirst().orElseThrow(() -> new ConfigException(
                key(name, CLIENT_KEY_FILE), "holds no private " + algorithm + " key"));
    }

    @Override
    public String toString() {
        return "SignInClient[" + clientId + "]"; // never the secret or the key
    }
}
