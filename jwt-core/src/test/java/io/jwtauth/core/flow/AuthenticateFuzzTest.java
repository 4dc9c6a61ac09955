package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jwtauth.core.AuthException;
import io.jwtauth.core.config.Settings;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import io.jwtauth.core.testing.Mutator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** 50,000 seeded mutations of a valid token: none is accepted unless it equals the original; nothing but AuthException escapes. */
class AuthenticateFuzzTest {
    @Test
    void authenticateWhenTokenMutatedThenNeverAcceptedAndNeverCrashes() {
        InMemoryStores stores = new InMemoryStores(new InMemoryIdentityStore(1000)
                .addUser("1", "fuzz", "Fuzz", "fuzz-password-1".toCharArray(), Set.of("R")));
        try (AuthService auth = JwtAuth.builder().settings(Map.of("jwtauth.key.secret",
                "fuzz-secret-0123456789abcdef0123456789", "jwtauth.issuer", "fuzz")).provider(stores).pollManually(new ManualPolling()).build()) {
            String valid = auth.login("fuzz", "fuzz-password-1".toCharArray(), ClientInfo.local()).accessToken();
            Mutator mutator = new Mutator(20261122L);
            int refused = 0;
            int identical = 0;
            for (int i = 0; i < 50_000; i++) {
                String mutated = mutator.mutate(valid);
                try {
                    auth.authenticate(mutated);
                    if (!mutated.equals(valid)) {
                        fail("accepted a mutated token: " + mutated);
                    }
                    identical++;
                } catch (AuthException expected) {
                    refused++;
                } catch (RuntimeException | StackOverflowError e) {
                    fail("crashed on mutation #" + i + " with " + e);
                }
            }
            assertEquals(50_000, refused + identical);
            assertTrue(refused > 49_000, "refused: " + refused);
            assertEquals("fuzz", auth.authenticate(valid).getName());
        }
    }
}
