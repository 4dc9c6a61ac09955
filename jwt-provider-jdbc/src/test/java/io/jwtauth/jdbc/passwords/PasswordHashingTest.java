package io.jwtauth.jdbc.passwords;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.password4j.BcryptFunction;
import com.password4j.CompressedPBKDF2Function;
import com.password4j.ScryptFunction;
import com.password4j.types.Bcrypt;
import com.password4j.types.Hmac;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordHashingTest {
    private final PasswordHashing hashing = new PasswordHashing(8192, 1, 1);

    @Test
    void hashWhenCreatedThenArgon2idThatMatchesOnlyItsPassword() {
        String hash = hashing.hash("correct horse".toCharArray());
        assertTrue(hash.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), hash);
        assertTrue(hashing.matches("correct horse".toCharArray(), hash));
        assertFalse(hashing.matches("correct horse ".toCharArray(), hash));
        assertFalse(hashing.needsRehash(hash));
        assertTrue(PasswordHashing.defaults().needsRehash(hash), "other parameters: upgrade");
    }

    @Test
    void matchesWhenLegacyFormatsThenVerifiedAndMarkedForRehash() {
        List<String> legacy = List.of(
                BcryptFunction.getInstance(Bcrypt.B, 6).hash("pw-123").getResult(),
                BcryptFunction.getInstance(Bcrypt.A, 6).hash("pw-123").getResult(),
                BcryptFunction.getInstance(Bcrypt.Y, 6).hash("pw-123").getResult(),
                ScryptFunction.getInstance(1024, 8, 1, 32).hash("pw-123").getResult(),
                CompressedPBKDF2Function.getInstance(Hmac.SHA256, 1000, 256).hash("pw-123").getResult());
        for (String hash : legacy) {
            assertTrue(hashing.matches("pw-123".toCharArray(), hash), hash);
            assertFalse(hashing.matches("pw-124".toCharArray(), hash), hash);
            assertTrue(hashing.needsRehash(hash), hash);
        }
    }

    @Test
    void matchesWhenHashIsGarbageThenFalseWithoutException() {
        for (String garbage : List.of("", "plaintext", "$argon2id$", "$2b$10$short", "$$$$", "x".repeat(5000), "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA")) {
            assertFalse(hashing.matches("pw".toCharArray(), garbage), garbage);
        }
    }

    @Test
    void burnTimeWhenCalledThenDoesNotThrowForAnyTemplate() {
        hashing.burnTime("pw".toCharArray(), null);
        hashing.burnTime("pw".toCharArray(), "not-a-hash");
        hashing.burnTime("pw".toCharArray(), BcryptFunction.getInstance(Bcrypt.B, 6).hash("x").getResult());
    }
}
