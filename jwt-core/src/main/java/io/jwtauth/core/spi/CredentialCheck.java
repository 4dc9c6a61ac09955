package io.jwtauth.core.spi;

/**
 * The outcome of {@link IdentityStore#check}.
 *
 * @param user           the user whose name and password matched (possibly disabled), or {@code null}
 * @param resolvedUserId on a mismatch, the id of the user the name led to in the store (its own rules of case
 *                       and accents decide which), or {@code null} when none or not known. Core counts failed
 *                       logins per this id, so every spelling the store accepts shares one limit. Never sent
 *                       to a client.
 */
public record CredentialCheck(UserRecord user, String resolvedUserId) {
    /** No user with that name and password, and nothing known about the name. */
    public static CredentialCheck none() {
        return new CredentialCheck(null, null);
    }
}
