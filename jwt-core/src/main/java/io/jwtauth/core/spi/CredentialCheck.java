package io.jwtauth.core.spi;

/**
 * The outcome of {@link IdentityStore#check}.
 *
 * @param user           the user whose name and password matched (possibly disabled), or {@code null}
 * @param resolvedUserId on a mismatch, the id of the user the name led to in the store (its own rules of case
 *                       and accents decide which), or {@code null} when none or not known. Core counts failed
 *                       logins per this id, so every spelling the store accepts shares one limit. Never sent
 *                       to a client.
 * @param afterLogin     what the store wants done once this login has fully succeeded (the user is enabled and
 *                       the session is stored), such as upgrading the password hash; never run for a refused or
 *                       failed login. {@code null} for nothing. It must not throw: core logs it if it does.
 */
public record CredentialCheck(UserRecord user, String resolvedUserId, Runnable afterLogin) {
    public CredentialCheck(UserRecord user, String resolvedUserId) {
        this(user, resolvedUserId, null);
    }

    /** No user with that name and password, and nothing known about the name. */
    public static CredentialCheck none() {
        return new CredentialCheck(null, null);
    }
}
