package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 11: the generated secret file is owner-only from its creation, and kept across starts. */
class SampleSecretTest {
    @Test
    void secretWhenFirstStartThenOwnerOnlyFileWith256BitsReadBackLater(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("jwtauth-secret.txt");
        String secret = SampleSetup.secret(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(secret.length() >= 43, "256 bits, base64url");
        assertEquals(secret, SampleSetup.secret(file), "the second start reads the same secret");
    }
}
