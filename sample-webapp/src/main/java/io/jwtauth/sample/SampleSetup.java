package io.jwtauth.sample;

import io.jwtauth.core.config.Settings;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.jdbc.JdbcStores;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares what the sample's {@code web.xml} refers to, before the filter starts: the data directory, a
 * secret generated once and kept there (unless {@code JWTAUTH_SECRET} is set), the default H2 database in
 * it, and the demo users in an empty database. Hands values to {@code web.xml} as system properties that
 * its {@code ${env:…|${sys:…}}} references fall back to; the environment always wins. The secret itself is never a
 * system property (any code in the JVM reads those, and diagnostics print them): only the path of an owner-only
 * key file is.
 */
public final class SampleSetup implements ServletContextListener {
    private static final Logger LOG = LoggerFactory.getLogger(SampleSetup.class);
    /** The path of the key file holding the generated secret (the path, never the secret). */
    static final String KEY_FILE_PROPERTY = "jwtauth.sample.key-file";
    static final String DB_URL_PROPERTY = "jwtauth.sample.db-url";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Path dataDir = Path.of(env("JWTAUTH_DATA_DIR", "./data")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
            ownerOnly(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("JWTAUTH_DATA_DIR: cannot create " + dataDir + " (" + e.getClass().getSimpleName() + ")", e);
        }
        String keySource;
        if (System.getenv("JWTAUTH_SECRET") == null || System.getenv("JWTAUTH_SECRET").isEmpty()) {
            Path secretFile = dataDir.resolve("jwtauth-secret.txt");
            Path keyFile = keyFile(secret(secretFile), dataDir.resolve("jwtauth-secret.jwk"));
            System.setProperty(KEY_FILE_PROPERTY, keyFile.toString());
            keySource = "HS256 secret generated once and kept in " + secretFile;
        } else {
            keySource = "HS256 secret from JWTAUTH_SECRET";
        }
        String dbUrl = env("JWTAUTH_DB_URL", "jdbc:h2:file:" + dataDir.resolve("jwtauth").toString().replace('\\', '/'));
        System.setProperty(DB_URL_PROPERTY, dbUrl);
        LOG.info("jwtauth sample: data dir {}, database {}, issuer '{}', key: {}", dataDir,
                Settings.maskCredentials(dbUrl), env("JWTAUTH_ISSUER", "jwtauth-sample"), keySource);
        if (Boolean.parseBoolean(env("JWTAUTH_DEMO_USERS", "true"))) {
            seedDemoUsers(dbUrl);
        }
        try {
            // The database file seeding just created: owner-only now, not only from the next start on.
            ownerOnly(dataDir);
        } catch (IOException e) {
            LOG.warn("jwtauth sample: cannot restrict permissions in {} ({})", dataDir, e.getClass().getSimpleName());
        }
    }

    /**
     * The data directory and what is in it (the database, the secret) readable by this user only: the database
     * holds password hashes and sessions. H2 creates its files with the process's umask, so the directory's mode is
     * what keeps others out; files already there are narrowed too. Not POSIX (Windows): left as it is.
     */
    static void ownerOnly(Path dataDir) throws IOException {
        if (!Files.getFileStore(dataDir).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(dataDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
    }

    /**
     * The secret as the filter reads a key file: an owner-only JWK ({@code kty oct}, HS256) with the secret's UTF-8
     * bytes, written afresh from {@code jwtauth-secret.txt} at every start, so that one file stays the source.
     */
    static Path keyFile(String secret, Path file) {
        com.fasterxml.jackson.databind.node.ObjectNode jwk = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("kty", "oct").put("alg", "HS256")
                .put("k", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        try {
            if (!Files.exists(file)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            }
            Files.writeString(file, jwk.toString() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("JWTAUTH_DATA_DIR: cannot write " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The secret in {@code file}, created with 256 random bits on first start. The file is created owner-only in
     * the same call that creates it (never readable by others, not even for a moment), and a concurrent first
     * start by another process reads the file that process wrote.
     */
    static String secret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            String secret = Keys.newSecretText(JwsAlgorithm.HS256);
            try {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                    LOG.warn("jwtauth sample: cannot restrict permissions of {} on this file system", file);
                }
            } catch (FileAlreadyExistsException raced) {
                return secret(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static void seedDemoUsers(String dbUrl) {
        Map<String, String> settings = new HashMap<>();
        settings.put("jwtauth.jdbc.url", dbUrl);
        settings.put("jwtauth.jdbc.user", env("JWTAUTH_DB_USER", ""));
        settings.put("jwtauth.jdbc.password", env("JWTAUTH_DB_PASSWORD", ""));
        settings.put("jwtauth.jdbc.schema.create", "true");
        settings.put("jwtauth.jdbc.pool-size", "1");
        try (JdbcStores stores = JdbcStores.create(Settings.of(settings))) {
            if (stores.users().isEmpty()) {
                stores.users().createUser("demo", "Demo User", "demo-password-1".toCharArray(), Set.of("Registered Users", "Subscribers"));
                stores.users().createUser("admin", "Administrator", "admin-password-1".toCharArray(), Set.of("Administrators", "Registered Users"));
                LOG.info("jwtauth sample: created the demo users 'demo' and 'admin' (see the README for their passwords)");
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
