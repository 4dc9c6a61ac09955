package io.jwtauth.core.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A user as an {@link IdentityStore} reports it.
 *
 * @param userId          stable id; becomes the token's {@code sub}
 * @param username        the login name; {@code getRemoteUser()} downstream
 * @param displayName     shown to the user; may equal the user name
 * @param roles           role names; the token's {@code role}
 * @param credentialStamp a value that changes whenever the password changes (for example a hash of the
 *                        stored password hash); sessions created before a change end at their next renewal
 * @param enabled         {@code false} for a disabled or locked user, who cannot log in or renew
 */
public record UserRecord(String userId, String username, String displayName, Set<String> roles,
                         String credentialStamp, boolean enabled) {
    public UserRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        displayName = displayName == null ? username : displayName;
        roles = Set.copyOf(roles);
        Objects.requireNonNull(credentialStamp, "credentialStamp");
    }

    /** Never shows the credential stamp. */
    @Override
    public String toString() {
        return "UserRecord[id=" + userId + ", username=" + username + ", roles=" + roles + ", enabled=" + enabled + "]";
    }
}
