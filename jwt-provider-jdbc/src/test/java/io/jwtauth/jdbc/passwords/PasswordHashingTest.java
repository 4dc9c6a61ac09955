package io.jwtauth.jdbc.passwords;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void argon2WhenLibargon2LoadsThenItsHashesAndPassword4jsAreInterchangeable() {
        // The jar ships libargon2 for this platform: it must load here, or logins run at half speed unnoticed.
        boolean bundled = System.getProperty("os.name").startsWith("Linux")
                && List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"));
        assertEquals(bundled, hashing.usesNativeArgon2(), "libargon2 loaded");
        com.password4j.Argon2Function java = com.password4j.Argon2Function.getInstance(8192, 1, 1, 32, com.password4j.types.Argon2.ID);
        String madeInJava = java.hash("pässwörd-1").getResult();
        assertTrue(hashing.matches("pässwörd-1".toCharArray(), madeInJava), "a stored password4j hash verifies");
        assertFalse(hashing.matches("pässwörd-2".toCharArray(), madeInJava));
        String madeHere = hashing.hash("pässwörd-1".toCharArray());
        assertTrue(java.check("pässwörd-1", madeHere), "password4j verifies what is stored now: rolling back is safe");
        assertFalse(java.check("pässwörd-2", madeHere));
        assertFalse(hashing.needsRehash(madeHere));
    }

    @Test
    void nativeArgon2WhenTheProbeDoesNotVerifyThenNotUsed() {
        byte[] probe = "probe".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String otherPassword = com.password4j.Argon2Function.getInstance(64, 1, 1, 32, com.password4j.types.Argon2.ID)
                .hash("not-the-probe").getResult();
        assertTrue(NativeArgon2.load(otherPassword, probe).isEmpty());
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
    void burnTimeWhenCalledThenSameAlgorithmAndCostAsTheTemplateAndNeverAMatch() {
        String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 6).hash("x").getResult();
        // The work a burn does is a real check against a dummy of the template's algorithm and cost.
        assertTrue(hashing.dummyFor(bcrypt).startsWith("$2b$06$"), hashing.dummyFor(bcrypt));
        assertTrue(hashing.dummyFor(null).startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), hashing.dummyFor(null));
        assertTrue(hashing.dummyFor("not-a-hash").startsWith("$argon2id$v=19$m=8192,t=1,p=1$"));
        String scrypt = ScryptFunction.getInstance(1024, 8, 1, 32).hash("x").getResult();
        String scryptCost = scrypt.substring(0, scrypt.indexOf('$', 1) + 1);
        assertTrue(hashing.dummyFor(scrypt).startsWith(scryptCost), scrypt + " / " + hashing.dummyFor(scrypt));
        // One dummy per cost, not per stored hash (scrypt's salt and digest share one field).
        assertEquals(hashing.dummyFor(scrypt), hashing.dummyFor(ScryptFunction.getInstance(1024, 8, 1, 32).hash("y").getResult()));
        // Another cost is another dummy (bcrypt's "$2b" looks like scrypt's hex field too).
        assertTrue(hashing.dummyFor(BcryptFunction.getInstance(Bcrypt.B, 4).hash("x").getResult()).startsWith("$2b$04$"));
        // Built once per cost, and no password a user could send matches it.
        assertEquals(hashing.dummyFor(bcrypt), hashing.dummyFor(BcryptFunction.getInstance(Bcrypt.B, 6).hash("y").getResult()));
        for (String password : List.of("pw", "x", "y", "")) {
            assertFalse(hashing.matches(password.toCharArray(), hashing.dummyFor(bcrypt)), password);
        }
        hashing.burnTime("pw".toCharArray(), bcrypt);
    }
}
