package io.jwtauth.jdbc.passwords;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #34 item 2: Jakarta EE Security's {@code Pbkdf2PasswordHash} stored format,
 * {@code <algorithm>:<iterations>:<Base64 salt>:<Base64 hash>}. The reference values are PBKDF2-HMAC-SHA256 test
 * vectors (P = "password", S = "salt": c = 1 and c = 4096, dkLen = 32), as published with their derivation in
 * "Test vectors for PBKDF2-HMAC-SHA256" (Stack Overflow question 5130513, checked there against RFC 6070's SHA-1
 * vectors with the same code), written in that format.
 */
class JakartaPbkdf2HashTest {
    private final PasswordHashing hashing = new PasswordHashing(8192, 1, 1);

    private static String stored(String algorithm, int iterations, String salt, String hexKey) {
        return algorithm + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt.getBytes(StandardCharsets.US_ASCII)) + ":"
                + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hexKey));
    }

    @Test
    void matchesWhenTheReferenceVectorsThenVerifiedAndMarkedForRehash() {
        String one = stored("PBKDF2WithHmacSHA256", 1, "salt", "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
        String many = stored("PBKDF2WithHmacSHA256", 4096, "salt", "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
        for (String hash : new String[] {one, many}) {
            assertTrue(hashing.matches("password".toCharArray(), hash), hash);
            assertFalse(hashing.matches("Password".toCharArray(), hash), hash);
            assertTrue(hashing.needsRehash(hash), "upgraded to argon2id at the next login");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PBKDF2WithHmacSHA224", "PBKDF2WithHmacSHA256", "PBKDF2WithHmacSHA384", "PBKDF2WithHmacSHA512"})
    void matchesWhenEachAlgorithmOfTheSpecificationThenItsOwnHashVerifies(String algorithm) {
        String template = stored(algorithm, 2048, "0123456789abcdef0123456789abcdef", "00".repeat(32));
        String hash = JakartaPbkdf2Function.forHash(template).hash("pässwörd-1").getResult();
        assertTrue(hash.startsWith(algorithm + ":2048:"), hash);
        assertTrue(hashing.matches("pässwörd-1".toCharArray(), hash));
        assertFalse(hashing.matches("pässwörd-2".toCharArray(), hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PBKDF2WithHmacSHA1:2048:c2FsdHNhbHRzYWx0c2FsdA==:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "PBKDF2WithHmacSHA256:0:c2FsdA==:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "PBKDF2WithHmacSHA256:99999999:c2FsdA==:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "PBKDF2WithHmacSHA256:2048:c2FsdA==:AAAA", "PBKDF2WithHmacSHA256:2048:c2FsdA==", "PBKDF2WithHmacSHA256:2048::AAAA",
        "PBKDF2WithHmacSHA256:2048:not base64!:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})
    void matchesWhenTheFormatIsBrokenOrOutsideTheBoundsThenFalseWithoutException(String hash) {
        assertFalse(hashing.matches("password".toCharArray(), hash));
    }

    @Test
    void burnTimeWhenAJakartaUserThenTheDummyHasItsCostNotItsSalt() {
        String a = stored("PBKDF2WithHmacSHA256", 4096, "salt-of-user-a", "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
        String b = stored("PBKDF2WithHmacSHA256", 4096, "salt-of-user-b", "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
        String dummy = hashing.dummyFor(a);
        assertTrue(dummy.startsWith("PBKDF2WithHmacSHA256:4096:"), dummy);
        assertEquals(dummy, hashing.dummyFor(b), "one dummy per algorithm and cost, not per user");
        assertNotEquals(a, dummy);
        assertFalse(hashing.matches("jwtauth-dummy-password-not".toCharArray(), dummy));
    }
}
