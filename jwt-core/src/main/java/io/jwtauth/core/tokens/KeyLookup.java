package io.jwtauth.core.tokens;

import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;

/**
 * Where a {@link TokenVerifier} finds the key for a token header when the keys are not a fixed
 * {@link io.jwtauth.core.keys.KeyRing}: an identity provider's key set, say. The lookup only chooses among keys
 * it already holds or fetches from its own configured place; nothing a token names is ever fetched.
 */
@FunctionalInterface
public interface KeyLookup {
    /**
     * The key with {@code keyId} that serves {@code algorithm}; with {@code keyId} {@code null}, the only such
     * key. {@code null} when there is none. May throw an {@link io.jwtauth.core.AuthException} when the keys
     * cannot be known right now ({@code unavailable}).
     */
    KeyMaterial find(String keyId, JwsAlgorithm algorithm);
}
