package io.jwtauth.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcDriversTest {
    @Test
    void urlWhenDriverOnClassPathThenItsClassIsFound() {
        assertEquals("org.h2.Driver", JdbcDrivers.driverClassFor("jdbc:h2:mem:drivers", null));
        assertEquals("org.postgresql.Driver", JdbcDrivers.driverClassFor("jdbc:postgresql://127.0.0.1/test", null));
    }

    @Test
    void urlWhenNoDriverAcceptsItThenStartFailsNamingUrlAndWhatToAdd() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> JdbcDrivers.driverClassFor("jdbc:nosuchdb://host/db?password=hunter2", null));
        assertEquals(JdbcSettings.URL, error.key());
        assertTrue(error.getMessage().contains("WEB-INF/lib"), error.getMessage());
        assertTrue(error.getMessage().contains(JdbcSettings.DRIVER), error.getMessage());
        assertTrue(!error.getMessage().contains("hunter2"), error.getMessage());
    }

    @Test
    void configuredDriverWhenMissingOrNotADriverThenStartFailsNamingTheSetting() {
        ConfigException missing = assertThrows(ConfigException.class, () -> JdbcDrivers.driverClassFor("jdbc:h2:mem:x", "com.example.NoSuchDriver"));
        assertEquals(JdbcSettings.DRIVER, missing.key());
        assertTrue(missing.getMessage().contains("com.example.NoSuchDriver"), missing.getMessage());
        ConfigException notDriver = assertThrows(ConfigException.class, () -> JdbcDrivers.driverClassFor("jdbc:h2:mem:x", "java.lang.String"));
        assertEquals(JdbcSettings.DRIVER, notDriver.key());
    }

    @Test
    void configuredDriverWhenPresentThenUsedAsGiven() {
        assertEquals("org.h2.Driver", JdbcDrivers.driverClassFor("jdbc:h2:mem:x", "org.h2.Driver"));
        try (JdbcStores stores = JdbcStores.create(Settings.of(Map.of(JdbcSettings.URL, "jdbc:h2:mem:drivers-configured",
                JdbcSettings.DRIVER, "org.h2.Driver", JdbcSettings.SCHEMA_CREATE, "true")))) {
            assertTrue(stores.users().isEmpty());
        }
    }

    @Test
    void driverWhenGivenWithJndiThenStartFailsNamingTheSetting() {
        ConfigException error = assertThrows(ConfigException.class, () -> JdbcSettings.from(Settings.of(Map.of(
                JdbcSettings.JNDI, "java:comp/env/jdbc/app", JdbcSettings.DRIVER, "org.h2.Driver"))));
        assertEquals(JdbcSettings.DRIVER, error.key());
    }
}
