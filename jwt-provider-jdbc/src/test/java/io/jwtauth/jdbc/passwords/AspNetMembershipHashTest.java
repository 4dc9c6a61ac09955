package io.jwtauth.jdbc.passwords;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ASP.NET membership's salted hashes (DNN's {@code aspnet_Membership}, {@code PasswordFormat} 1), against
 * vectors from an independent implementation, Python's hashlib:
 * {@code base64.b64encode(hashlib.new(alg, base64.b64decode(salt) + password.encode("utf-16-le")).digest())}.
 */
class AspNetMembershipHashTest {
    private final PasswordHashing hashing = PasswordHashing.defaults();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sha1|MTIzNDU2Nzg5MDEyMzQ1Ng==|dnn-password-1|i6I7uPakfljkpQ6iQfVXcaQbCNY=",
        "sha1|q83vEjRWeJq8/u8SNFZ4mg==|Pässwörd ✓|OmE7UYXCOJ5SIX3pHaRv7LgfIp0=",
        "sha256|AAECAwQFBgcICQoLDA0ODw==|dnn-password-2|BCEwxjo1DyMB3phxAC3/tHzZBaXvVap9PJkENcWzp8w=",
        "sha256|3q2+7wAAAAD/////|short|O7wsJUzEEnbzZjhuLvOiCbMHsWSjSjT9aMQI5Cip7Uo=",
    })
    void matchesWhenHashlibVectorThenTheRightPasswordOnlyAndARehashIsDue(String algorithm, String salt, String password, String hash) {
        String stored = "$aspnet$" + algorithm + "$" + salt + "$" + hash;
        assertTrue(hashing.matches(password.toCharArray(), stored), stored);
        assertFalse(hashing.matches((password + "x").toCharArray(), stored));
        assertFalse(hashing.matches(password.toUpperCase().toCharArray(), stored));
        assertTrue(hashing.needsRehash(stored), "upgraded to argon2id at the next login");
        String otherAlgorithm = algorithm.equals("sha1") ? "sha256" : "sha1";
        assertFalse(hashing.matches(password.toCharArray(), "$aspnet$" + otherAlgorithm + "$" + salt + "$" + hash));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$aspnet$md5$MTIzNDU2Nzg5MDEyMzQ1Ng==$i6I7uPakfljkpQ6iQfVXcaQbCNY=",
        "$aspnet$sha1$not base64!$i6I7uPakfljkpQ6iQfVXcaQbCNY=",
        "$aspnet$sha1$MTIzNDU2Nzg5MDEyMzQ1Ng==",
        "dnn-password-1",
        "$aspnet$clear$$dnn-password-1",
    })
    void matchesWhenNotASaltedHashThenNeverIncludingClearText(String stored) {
        assertFalse(hashing.matches("dnn-password-1".toCharArray(), stored), stored);
    }

    @org.junit.jupiter.api.Test
    void burnTimeWhenLikeAnAspNetHashThenItsOwnCostWithoutAnyRealHash() {
        String stored = "$aspnet$sha1$MTIzNDU2Nzg5MDEyMzQ1Ng==$i6I7uPakfljkpQ6iQfVXcaQbCNY=";
        assertTrue(hashing.dummyFor(stored).startsWith("$aspnet$sha1$"));
        hashing.burnTime("anything".toCharArray(), stored);
    }
}
