package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.UserRecord;
import java.time.Duration;
import java.util.List;

/**
 * The first half of a login: who is asking, under the throttle ({@link LoginThrottle} says what it counts). In
 * order: empty or oversized credentials are refused; the account's attempts from this client are rate-limited;
 * failures of the account from this address, or of the address, refuse it ({@code throttled} with
 * {@code Retry-After}); an account past its failure ceiling is slowed; a password-check slot is taken
 * ({@link LoginSlots}: the client's share, the queue); then the store checks the password, and any mismatch is
 * {@code bad-credentials} (the same for an unknown user, a wrong password and a disabled account). Records every
 * outcome with the throttle and the audit. Thread-safe.
 */
final class LoginChecks {
    static final int MAX_USERNAME_LENGTH = 256;
    static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);

    private final IdentityStore identities;
    private final LoginThrottle throttle;
    private final LoginSlots slots;
    private final AuditEvents audit;

    LoginChecks(IdentityStore identities, LoginThrottle throttle, LoginSlots slots, AuditEvents audit) {
        this.identities = identities;
        this.throttle = throttle;
        this.slots = slots;
        this.audit = audit;
    }

    /** The store's check for an enabled user these credentials belong to; an {@link AuthException} otherwise. */
    CredentialCheck check(String username, char[] password, ClientInfo client) {
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME_LENGTH
                || password == null || password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            // No user can have such a name: counted against the address only, and never stored as a name key.
            StoreCalls.run(() -> throttle.recordFailures(List.of(LoginThrottle.address(client.address()))));
            audit.emit(AuthEvent.Type.LOGIN_FAILED, username, null, null, client, AuthError.BAD_CREDENTIALS);
            throw new AuthException(AuthError.BAD_CREDENTIALS, "empty or oversized credentials");
        }
        LoginThrottle.Attempt attempt = LoginThrottle.attempt(username, client.address());
        long wait = throttle.takeAttempt(attempt.pair());
        if (wait > 0) {
            throw throttled(username, client, "too many logins for this account from this client", Duration.ofSeconds(wait));
        }
        LoginThrottle.Verdict verdict = StoreCalls.call(() -> throttle.judge(attempt));
        if (verdict.blockedSeconds() > 0) {
            throw throttled(username, client, "too many failed logins", Duration.ofSeconds(verdict.blockedSeconds()));
        }
        if (verdict.slowDown()) {
            pause(LoginThrottle.SLOWDOWN);
        }
        LoginSlots.Outcome slot = slots.acquire(attempt.address());
        if (slot != LoginSlots.Outcome.ACQUIRED) {
            throw throttled(username, client, switch (slot) {
                case CLIENT_SHARE_USED -> "this client already has its share of the logins in progress";
                case QUEUE_FULL -> "login queue full";
                default -> "no password-check slot came free in time";
            }, BUSY_RETRY);
        }
        CredentialCheck check;
        try {
            check = StoreCalls.call(() -> identities.check(username, password));
        } finally {
            slots.release(attempt.address());
        }
        String resolved = check.user() != null ? check.user().userId() : check.resolvedUserId();
        // An unknown name gets a key of its own that no user id can have, so that it costs the store the same reads
        // and writes as a known one (their timing must not tell them apart) and blocks no other name.
        LoginThrottle.Key resolvedPair = LoginThrottle.resolvedPair(resolved == null ? "\u0000unknown:" + username : resolved,
                client.address());
        // Another spelling of an account throttled from this address is that account: refused even with the right
        // password. Only an address with failures can have any, so a clean one costs no read.
        if (verdict.addressHasFailures()) {
            long seconds = StoreCalls.call(() -> throttle.blockedForSeconds(resolvedPair));
            if (seconds > 0) {
                throw throttled(username, client, "too many failed logins", Duration.ofSeconds(seconds));
            }
        }
        UserRecord user = check.user();
        if (user == null || !user.enabled()) {
            List<LoginThrottle.Key> keys = List.of(attempt.pair(), attempt.address(), attempt.account(), resolvedPair);
            StoreCalls.run(() -> throttle.recordFailures(keys));
            audit.emit(AuthEvent.Type.LOGIN_FAILED, username, user == null ? null : user.userId(), null, client,
                    AuthError.BAD_CREDENTIALS);
            throw new AuthException(AuthError.BAD_CREDENTIALS, user == null ? "no user with that name and password" : "user disabled");
        }
        return check;
    }

    private AuthException throttled(String username, ClientInfo client, String detail, Duration retryAfter) {
        audit.emit(AuthEvent.Type.LOGIN_THROTTLED, username, null, null, client, AuthError.THROTTLED);
        return new AuthException(AuthError.THROTTLED, detail, retryAfter, null);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthException(AuthError.THROTTLED, "interrupted while slowed", BUSY_RETRY, null);
        }
    }
}
