package io.jwtauth.core.flow;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.spi.CredentialCheck;
import io.jwtauth.core.spi.IdentityStore;
import io.jwtauth.core.spi.UserRecord;
import java.time.Duration;

/**
 * The first half of a login: who is asking, under the throttle. Refuses empty or oversized credentials, a user
 * name or client address that failed too often ({@code throttled} with {@code Retry-After}), a login that found
 * no password-check slot within the queue timeout ({@link LoginSlots}), and any mismatch ({@code bad-credentials}, the same for an unknown user, a wrong
 * password and a disabled account). Records every outcome with the throttle and the audit. Thread-safe.
 */
final class LoginChecks {
    static final int MAX_USERNAME_LENGTH = 256;
    static final int MAX_PASSWORD_LENGTH = 1024;

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
        LoginThrottle.Key address = LoginThrottle.address(client.address());
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME_LENGTH
                || password == null || password.length == 0 || password.length > MAX_PASSWORD_LENGTH) {
            // No user can have such a name: counted against the address only, and never stored as a name key.
            StoreCalls.run(() -> throttle.recordFailure(null, address));
            audit.emit(AuthEvent.Type.LOGIN_FAILED, username, null, null, client, AuthError.BAD_CREDENTIALS);
            throw new AuthException(AuthError.BAD_CREDENTIALS, "empty or oversized credentials");
        }
        LoginThrottle.Key name = LoginThrottle.name(username);
        refuseIfThrottled(name, address, username, client);
        if (!slots.acquire()) {
            audit.emit(AuthEvent.Type.LOGIN_THROTTLED, username, null, null, client, AuthError.THROTTLED);
            throw new AuthException(AuthError.THROTTLED, "too many logins in progress", Duration.ofSeconds(1), null);
        }
        CredentialCheck check;
        LoginThrottle.Key account;
        try {
            check = StoreCalls.call(() -> identities.check(username, password));
            String resolved = check.user() != null ? check.user().userId() : check.resolvedUserId();
            account = resolved != null ? LoginThrottle.userId(resolved) : name;
            if (account != name) {
                // Another spelling of a throttled account is that account: refused even with the right password.
                refuseIfThrottled(account, null, username, client);
            }
            UserRecord user = check.user();
            if (user == null || !user.enabled()) {
                // Both keys: the name's count catches spellings the store did not resolve, the id's count is the
                // account's own, which no look-alike account can reset.
                StoreCalls.run(() -> throttle.recordFailure(name, address));
                if (account != name) {
                    StoreCalls.run(() -> throttle.recordFailure(account, null));
                }
                audit.emit(AuthEvent.Type.LOGIN_FAILED, username, user == null ? null : user.userId(), null, client,
                        AuthError.BAD_CREDENTIALS);
                throw new AuthException(AuthError.BAD_CREDENTIALS, user == null ? "no user with that name and password" : "user disabled");
            }
        } finally {
            slots.release();
        }
        StoreCalls.run(() -> throttle.recordSuccess(account));
        StoreCalls.run(() -> throttle.recordSuccess(name));
        return check;
    }

    private void refuseIfThrottled(LoginThrottle.Key user, LoginThrottle.Key address, String username, ClientInfo client) {
        long seconds = StoreCalls.call(() -> throttle.blockedForSeconds(user, address));
        if (seconds > 0) {
            audit.emit(AuthEvent.Type.LOGIN_THROTTLED, username, null, null, client, AuthError.THROTTLED);
            throw new AuthException(AuthError.THROTTLED, "too many failed logins", Duration.ofSeconds(seconds), null);
        }
    }
}
