package io.jwtauth.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.memory.InMemoryIdentityStore;
import io.jwtauth.core.memory.InMemoryStores;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code jwtauth.config-file} is read from: a file, a class-path resource, or the web application. */
class ConfigFileTest {
    private static JwtAuth.Builder builder(String configFile) {
        return JwtAuth.builder().provider(new InMemoryStores(new InMemoryIdentityStore(1000)))
                .setting("jwtauth.key.secret", "config-file-test-secret-0123456789abcdef")
                .setting(AuthSettings.CONFIG_FILE, configFile);
    }

    @Test
    void configFileWhenFileSystemPathThenRead(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("jwtauth.properties"), "jwtauth.issuer=from-file\n");
        assertEquals("from-file", builder(file.toString()).resolvedSettings().string("jwtauth.issuer", null));
    }

    @Test
    void configFileWhenClasspathResourceThenReadFromTheClassPath() {
        assertEquals("from-classpath", builder("classpath:config/jwtauth-test.properties").resolvedSettings().string("jwtauth.issuer", null));
        ConfigException missing = assertThrows(ConfigException.class, () -> builder("classpath:config/none.properties").resolvedSettings());
        assertEquals(AuthSettings.CONFIG_FILE, missing.key());
        assertTrue(missing.getMessage().contains("no class-path resource config/none.properties"), missing.getMessage());
    }

    @Test
    void configFileWhenWebInfPathThenReadThroughTheHostsWebResources() {
        JwtAuth.Builder withWebApp = builder("/WEB-INF/jwtauth.properties").webResources(path -> path.equals("/WEB-INF/jwtauth.properties")
                ? new ByteArrayInputStream("jwtauth.issuer=from-web-inf\n".getBytes(StandardCharsets.UTF_8)) : null);
        assertEquals("from-web-inf", withWebApp.resolvedSettings().string("jwtauth.issuer", null));
        ConfigException absent = assertThrows(ConfigException.class,
                () -> builder("/WEB-INF/other.properties").webResources(path -> null).resolvedSettings());
        assertTrue(absent.getMessage().contains("no such resource in the web application"), absent.getMessage());
        ConfigException noWebApp = assertThrows(ConfigException.class, () -> builder("/WEB-INF/jwtauth.properties").resolvedSettings());
        assertTrue(noWebApp.getMessage().contains("only the servlet filter can read"), noWebApp.getMessage());
    }
}
