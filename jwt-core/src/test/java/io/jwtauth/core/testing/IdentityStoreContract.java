package io.jwtauth.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.UserRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IdentityStore} must do, whoever wrote it. A provider's test extends this and supplies a
 * store in which two users exist: {@code alice} / {@code alice-password-1} with the role {@code Registered Users},
 * and {@code bob} / {@code bob-password-1}. See the README ("Writing a provider").
 */
public abstract class IdentityStoreContract {
    /** A store holding alice and bob as described in the class comment. The same instance within one test. */
    protected abstract IdentityStore store();

    /** Changes a user's password the way the provider's users would (its admin API, or the host's own table). */
    protected abstract void changePassword(String userId, char[] newPassword);

    private UserRecord alice() {
        return store().authenticate("alice", "alice-password-1".toCharArray()).orElseThrow(
                () -> new AssertionError("alice / alice-password-1 must authenticate"));
    }

    @Test
    void authenticateWhenPasswordRightThenTheUserWithRolesAndStamp() {
        UserRecord alice = alice();
        assertEquals("alice", alice.username());
        assertTrue(alice.enabled());
        assertTrue(alice.roles().contains("Registered Users"), alice.roles().toString());
        assertNotNull(alice.credentialStamp());
        assertNotEquals(alice.userId(), store().authenticate("bob", "bob-password-1".toCharArray()).orElseThrow().userId());
    }

    @Test
    void authenticateWhenPasswordWrongOrUserUnknownThenEmpty() {
        for (String wrong : List.of("alice-password-2", "alice-password-", "alice-password-1x", "ALICE-PASSWORD-1", "bob-password-1")) {
            assertEquals(Optional.empty(), store().authenticate("alice", wrong.toCharArray()), wrong);
        }
        assertEquals(Optional.empty(), store().authenticate("nobody-" + System.nanoTime(), "alice-password-1".toCharArray()));
    }

    @Test
    void findByIdWhenKnownThenSameUserAndWhenUnknownThenEmpty() {
        UserRecord alice = alice();
        UserRecord found = store().findById(alice.userId()).orElseThrow();
        assertEquals(alice.username(), found.username());
        assertEquals(alice.roles(), found.roles());
        assertEquals(alice.credentialStamp(), found.credentialStamp());
        assertEquals(Optional.empty(), store().findById("no-such-user-" + System.nanoTime()));
    }

    @Test
    void checkWhenMismatchThenNoUserAndNeverAnotherUsersId() {
        UserRecord alice = alice();
        assertEquals(alice.userId(), store().check("alice", "alice-password-1".toCharArray()).user().userId());
        CredentialCheck wrong = store().check("alice", "wrong-password".toCharArray());
        assertNull(wrong.user());
        // The resolved id is optional, but when given it must be the account the name leads to.
        assertTrue(wrong.resolvedUserId() == null || wrong.resolvedUserId().equals(alice.userId()), wrong.resolvedUserId());
        CredentialCheck unknown = store().check("nobody-" + System.nanoTime(), "wrong-password".toCharArray());
        assertNull(unknown.user());
    }

    @Test
    void passwordWhenChangedThenStampChangesAndOnlyTheNewPasswordWorks() {
        UserRecord before = alice();
        changePassword(before.userId(), "alice-password-2".toCharArray());
        assertEquals(Optional.empty(), store().authenticate("alice", "alice-password-1".toCharArray()));
        UserRecord after = store().authenticate("alice", "alice-password-2".toCharArray()).orElseThrow();
        assertEquals(before.userId(), after.userId());
        assertNotEquals(before.credentialStamp(), after.credentialStamp());
        assertEquals(after.credentialStamp(), store().findById(before.userId()).orElseThrow().credentialStamp());
    }

    @Test
    void authenticateWhenCalledFromManyThreadsThenEveryAnswerRight() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                boolean right = i % 2 == 0;
                answers.add(pool.submit(() -> store().authenticate("alice",
                        (right ? "alice-password-1" : "alice-password-9").toCharArray()).isPresent() == right));
            }
            for (Future<Boolean> answer : answers) {
                assertTrue(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
