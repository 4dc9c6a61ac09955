package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, item 6: the rehash {@code UPDATE} had no condition on the old hash, so a login with the old
 * password that was in flight while the application wrote a new hash overwrote it with argon2 of the old one.
 * Here the application's change lands between the login's check and its upgrade, on every database.
 */
class PasswordUpgradeRaceIT {
    private static String storedHash(String url, String userId) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement query = connection.prepareStatement("SELECT password_hash FROM jwtauth_users WHERE user_id = ?")) {
            query.setString(1, userId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void upgradeWhenThePasswordChangedMeanwhileThenTheNewHashStays(TestDatabases database) throws Exception {
        String url = database.url();
        TestDatabases.dropTables(url);
        try (JdbcStores stores = JdbcStores.create(TestDatabases.settings(url, Map.of()))) {
            String userId = stores.users().createUser("grace", "Grace", "old-password-1".toCharArray(), Set.of());
            String checked = storedHash(url, userId);
            // The application changes the password after this login verified the old one...
            stores.users().changePassword(userId, "new-password-2".toCharArray());
            String changed = storedHash(url, userId);
            // ...then the login tries to upgrade the hash it verified.
            String upgraded = PasswordHashing.defaults().hash("old-password-1".toCharArray());
            assertFalse(((JdbcIdentityStore) stores.identityStore()).upgrade(userId, checked, upgraded));
            assertEquals(changed, storedHash(url, userId), "the application's new hash must stay");
            assertTrue(((JdbcIdentityStore) stores.identityStore()).upgrade(userId, changed, upgraded), "an upgrade of the current hash still works");
        }
    }
}
