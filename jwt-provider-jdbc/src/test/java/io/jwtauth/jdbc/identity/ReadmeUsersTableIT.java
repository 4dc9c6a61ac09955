package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.core.flow.TokenResponse;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * #34 item 8: the README's "Your users table" mappings, read from the README itself and run as written, on every
 * database, against an existing table with an integer key: login, renewal (by-id), roles, a password change
 * (update-password) and the upgrade of a bcrypt hash (rehash-password). The first block serves H2 and PostgreSQL,
 * the second MariaDB and MySQL.
 */
class ReadmeUsersTableIT {
    private static final ClientInfo CLIENT = ClientInfo.local();

    /** The {@code properties} blocks of the README's section "Your users table", in order. */
    private static List<Map<String, String>> readmeBlocks() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Your users table");
        String text = readme.substring(section, readme.indexOf("\n### ", section + 10));
        Matcher block = Pattern.compile("```properties\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<Map<String, String>> blocks = new java.util.ArrayList<>();
        while (block.find()) {
            Properties properties = new Properties();
            properties.load(new StringReader(block.group(1)));
            Map<String, String> map = new HashMap<>();
            properties.forEach((key, value) -> map.put((String) key, (String) value));
            blocks.add(map);
        }
        return blocks;
    }

    private static void execute(String url, String sql, Object... values) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String storedHash(String url, int id) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement statement = connection.prepareStatement("SELECT pwd FROM app_users WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void readmeMappingWhenRunAsWrittenThenLoginRenewalRolesPasswordChangeAndRehashWork(TestDatabases database) throws Exception {
        String url = database.url();
        List<Map<String, String>> blocks = readmeBlocks();
        assertEquals(2, blocks.size(), "the README's two blocks");
        Map<String, String> mapping = database == TestDatabases.MARIADB ? blocks.get(1) : blocks.get(0);
        assertEquals(5, mapping.size(), mapping.keySet().toString());
        TestDatabases.dropTables(url, "app_user_roles", "app_users");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100) NOT NULL, full_name VARCHAR(100), "
                    + "pwd VARCHAR(200), status VARCHAR(20))");
            statement.execute("CREATE TABLE app_user_roles (user_id INTEGER NOT NULL, role VARCHAR(50) NOT NULL)");
        }
        String bcrypt = com.password4j.Password.hash("grace-password-1").withBcrypt().getResult();
        execute(url, "INSERT INTO app_users VALUES (?, ?, ?, ?, ?)", 42, "grace", "Grace Hopper", bcrypt, "active");
        execute(url, "INSERT INTO app_user_roles VALUES (?, ?)", 42, "Staff");
        var settings = TestDatabases.settings(url, mapping);
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            TokenResponse tokens = auth.login("grace", "grace-password-1".toCharArray(), CLIENT);
            assertEquals("42", tokens.userId());
            assertTrue(auth.authenticate(tokens.accessToken()).hasRole("Staff"));
            assertTrue(storedHash(url, 42).startsWith("$argon2id$"), "rehash-password upgraded the bcrypt hash");
            TokenResponse renewed = auth.renew(tokens.accessToken(), tokens.renewalToken(), CLIENT); // by-id, as written
            assertEquals("Grace Hopper", renewed.displayName());

            stores.users().changePassword("42", "grace-password-2".toCharArray()); // update-password
            AuthException ended = assertThrows(AuthException.class, () -> auth.renew(renewed.accessToken(), renewed.renewalToken(), CLIENT));
            assertEquals(AuthError.BAD_TOKEN, ended.error());
            assertEquals("42", auth.login("grace", "grace-password-2".toCharArray(), CLIENT).userId());
        }
    }
}
