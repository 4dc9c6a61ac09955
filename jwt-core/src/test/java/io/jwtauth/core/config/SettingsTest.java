package io.jwtauth.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static Settings settings(Map<String, String> raw) {
        Map<String, String> env = Map.of("SECRET", "from-env", "EMPTY", "");
        Map<String, String> sys = Map.of("app.issuer", "from-sys");
        return Settings.of(raw, env::get, sys::get);
    }

    @Test
    void ofWhenReferencesThenResolvedFromEnvironmentAndSystemProperties() {
        Settings settings = settings(Map.of("jwtauth.a", "${env:SECRET}", "jwtauth.b", "${env:MISSING:-fallback}",
                "jwtauth.c", "${sys:app.issuer}", "jwtauth.d", "x-${env:SECRET}-y", "jwtauth.e", "${env:EMPTY:-used}"));
        assertEquals("from-env", settings.string("jwtauth.a", null));
        assertEquals("fallback", settings.string("jwtauth.b", null));
        assertEquals("from-sys", settings.string("jwtauth.c", null));
        assertEquals("x-from-env-y", settings.string("jwtauth.d", null));
        assertEquals("used", settings.string("jwtauth.e", null));
    }

    @Test
    void ofWhenDefaultHoldsAReferenceThenResolvedOnlyWhenNeeded() {
        Settings settings = settings(Map.of("jwtauth.a", "${env:MISSING:-${sys:app.issuer}}", "jwtauth.b", "${env:SECRET:-${env:NOPE}}",
                "jwtauth.c", "${env:MISSING:-${env:ALSO_MISSING:-deep}}/x"));
        assertEquals("from-sys", settings.string("jwtauth.a", null));
        assertEquals("from-env", settings.string("jwtauth.b", null), "an unused default is never resolved");
        assertEquals("deep/x", settings.string("jwtauth.c", null));
    }

    /** The container-safe form: Tomcat leaves ${env:NAME|default} in web.xml alone (it replaces ${…:-…} itself). */
    @Test
    void ofWhenPipeDefaultThenSameMeaningAsColonDash() {
        Settings settings = settings(Map.of("jwtauth.a", "${env:SECRET|unused}", "jwtauth.b", "${env:MISSING|fallback}",
                "jwtauth.c", "${env:MISSING|${sys:app.issuer}}", "jwtauth.d", "${env:MISSING|${env:ALSO_MISSING|deep}}/x",
                "jwtauth.e", "${env:EMPTY|used}", "jwtauth.f", "${env:MISSING|a:-b|c}", "jwtauth.g", "${env:MISSING|}x"));
        assertEquals("from-env", settings.string("jwtauth.a", null));
        assertEquals("fallback", settings.string("jwtauth.b", null));
        assertEquals("from-sys", settings.string("jwtauth.c", null));
        assertEquals("deep/x", settings.string("jwtauth.d", null));
        assertEquals("used", settings.string("jwtauth.e", null));
        assertEquals("a:-b|c", settings.string("jwtauth.f", null), "everything after the first separator is the default");
        assertEquals("x", settings.string("jwtauth.g", null), "an empty default");
        ConfigException unset = assertThrows(ConfigException.class, () -> settings(Map.of("jwtauth.key.secret", "${env:NOPE}")));
        assertTrue(unset.getMessage().contains("${env:NOPE|default}"), unset.getMessage());
    }

    @Test
    void ofWhenReferencedVariableUnsetThenErrorNamesKeyAndVariable() {
        ConfigException error = assertThrows(ConfigException.class, () -> settings(Map.of("jwtauth.key.secret", "${env:NOPE}")));
        assertEquals("jwtauth.key.secret", error.key());
        assertTrue(error.getMessage().startsWith("jwtauth.key.secret: environment variable NOPE is not set"), error.getMessage());
        assertThrows(ConfigException.class, () -> settings(Map.of("jwtauth.x", "${env:BROKEN")));
    }

    @Test
    void durationWhenShortOrIsoFormThenParsedAndRangeChecked() {
        Settings settings = settings(Map.of("jwtauth.a", "60m", "jwtauth.b", "PT60M", "jwtauth.c", "14d", "jwtauth.d", "P14D",
                "jwtauth.e", "500ms", "jwtauth.f", "sixty", "jwtauth.g", "0s"));
        assertEquals(Duration.ofMinutes(60), settings.duration("jwtauth.a", null, Duration.ZERO, Duration.ofDays(1)));
        assertEquals(Duration.ofMinutes(60), settings.duration("jwtauth.b", null, Duration.ZERO, Duration.ofDays(1)));
        assertEquals(Duration.ofDays(14), settings.duration("jwtauth.c", null, Duration.ZERO, Duration.ofDays(30)));
        assertEquals(Duration.ofDays(14), settings.duration("jwtauth.d", null, Duration.ZERO, Duration.ofDays(30)));
        assertEquals(Duration.ofMillis(500), settings.duration("jwtauth.e", null, Duration.ZERO, Duration.ofDays(1)));
        ConfigException bad = assertThrows(ConfigException.class, () -> settings.duration("jwtauth.f", null, Duration.ZERO, Duration.ofDays(1)));
        assertTrue(bad.getMessage().contains("jwtauth.f: must be a duration such as PT60M"), bad.getMessage());
        ConfigException small = assertThrows(ConfigException.class, () -> settings.duration("jwtauth.g", null, Duration.ofSeconds(1), Duration.ofDays(1)));
        assertTrue(small.getMessage().contains("between 1s and 1d"), small.getMessage());
    }

    @Test
    void typedGettersWhenInvalidThenErrorNamesKeyAndValue() {
        Settings settings = settings(Map.of("jwtauth.n", "ten", "jwtauth.b", "maybe", "jwtauth.size", "8KiB", "jwtauth.big", "10"));
        assertTrue(assertThrows(ConfigException.class, () -> settings.integer("jwtauth.n", 1, 0, 100)).getMessage().startsWith("jwtauth.n: "));
        assertTrue(assertThrows(ConfigException.class, () -> settings.bool("jwtauth.b", true)).getMessage().contains("'maybe'"));
        assertEquals(8192, settings.bytes("jwtauth.size", 0, 1, 1 << 20));
        assertThrows(ConfigException.class, () -> settings.integer("jwtauth.big", 1, 0, 5));
    }

    @Test
    void rejectUnknownWhenMistypedKeyThenFailsNamingIt() {
        Settings settings = settings(Map.of("jwtauth.issuer", "x", "jwtauth.isuer", "y", "other.key", "ignored"));
        ConfigException error = assertThrows(ConfigException.class, () -> settings.rejectUnknown(Set.of("jwtauth.issuer")));
        assertEquals("jwtauth.isuer", error.key());
        settings.rejectUnknown(Set.of("jwtauth.issuer", "jwtauth.isuer"));
    }

    @Test
    void describeWhenSecretsPresentThenMasked() {
        Settings settings = settings(Map.of("jwtauth.key.secret", "super-secret-value", "jwtauth.jdbc.password", "pw", "jwtauth.issuer", "me",
                "jwtauth.jdbc.url", "jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true"));
        String description = settings.describe();
        assertFalse(description.contains("hunter2"), description);
        assertTrue(description.contains("password=****&ssl=true"), description);
        assertFalse(description.contains("super-secret-value"));
        assertFalse(description.contains("=pw"));
        assertTrue(description.contains("jwtauth.issuer=me"));
        assertFalse(settings.toString().contains("super-secret-value"));
    }

    /** Issue 20, item 5: every key containing "password" was masked, settings and SQL included. */
    @Test
    void describeWhenKeysOnlyMentionPasswordsThenTheirValuesAreShownAndOnlySecretsMasked() {
        Settings settings = settings(Map.of("jwtauth.jdbc.password.rehash", "false",
                "jwtauth.jdbc.password.argon2.iterations", "3",
                "jwtauth.jdbc.users.update-password", "UPDATE app_users SET pw = :passwordHash WHERE id = :userId",
                "jwtauth.ldap.bind.password", "ldap-pw-1", "jwtauth.jdbc.password", "db-pw-1", "jwtauth.key.secret", "key-secret-1"));
        String description = settings.describe();
        assertTrue(description.contains("jwtauth.jdbc.password.rehash=false"), description);
        assertTrue(description.contains("jwtauth.jdbc.password.argon2.iterations=3"), description);
        assertTrue(description.contains("jwtauth.jdbc.users.update-password=UPDATE app_users SET pw = :passwordHash"), description);
        for (String secret : List.of("ldap-pw-1", "db-pw-1", "key-secret-1")) {
            assertFalse(description.contains(secret), description);
        }
        assertTrue(description.contains("jwtauth.jdbc.password=****") && description.contains("jwtauth.key.secret=****")
                && description.contains("jwtauth.ldap.bind.password=****"), description);
    }

    @Test
    void maskCredentialsWhenUrlCarriesThemInAnyFormThenNoneIsLeft() {
        assertEquals("jdbc:postgresql://db/app?user=app&password=****&ssl=true",
                Settings.maskCredentials("jdbc:postgresql://db/app?user=app&password=s3cr3t&ssl=true"));
        assertEquals("jdbc:sqlserver://db;user=app;PWD=****;encrypt=true",
                Settings.maskCredentials("jdbc:sqlserver://db;user=app;PWD=s3cr3t;encrypt=true"));
        assertEquals("jdbc:mariadb://app:****@db:3306/app", Settings.maskCredentials("jdbc:mariadb://app:s3cr3t@db:3306/app"));
        assertEquals("Connection refused (password=**** in use)", Settings.maskCredentials("Connection refused (password=s3cr3t in use)"));
        assertEquals("jdbc:h2:./data/jwtauth", Settings.maskCredentials("jdbc:h2:./data/jwtauth"));
    }
}
