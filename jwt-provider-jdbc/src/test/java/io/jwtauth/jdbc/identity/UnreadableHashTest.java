package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.AuthError;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.flow.JwtAuth;
import io.jwtauth.core.flow.ManualPolling;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * #34 item 2: a stored hash jwtauth cannot read was refused exactly like a wrong password, with nothing else in the log.
 * Now the log says so once per user, naming the format family and never the hash.
 */
class UnreadableHashTest {
    private static final String SHA512_CRYPT = "$6$rounds=5000$usesomesillystri$D4IrlXatmP7rx3P3InaxBeoomnAihCKRVQP22JZ6EY47Wc6BkroIuUUBOov1i.S5KPgErtP/EN5mcO.ChWQW21";

    @Test
    void loginWhenTheStoredHashIsOfAnUnreadableFormatThenBadCredentialsAndOneWarningNamingTheFamily() throws Exception {
        String url = TestDatabases.H2.url();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100), pwd VARCHAR(200))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO app_users VALUES (9, 'ulrich', ?)")) {
                insert.setString(1, SHA512_CRYPT);
                insert.executeUpdate();
            }
        }
        String select = "SELECT id AS user_id, login AS username, pwd AS password_hash FROM app_users WHERE ";
        var settings = TestDatabases.settings(url, Map.of("jwtauth.jdbc.users.by-name", select + "login = :username",
                "jwtauth.jdbc.users.by-id", select + "id = CAST(:userId AS INTEGER)"));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            for (int i = 0; i < 3; i++) {
                AuthException refused = assertThrows(AuthException.class, () -> auth.login("ulrich", "any-password".toCharArray(), ClientInfo.local()));
                assertEquals(AuthError.BAD_CREDENTIALS, refused.error());
            }
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(line -> line.contains("format jwtauth cannot read ($6$)") && line.contains("user id 9")).count(), log);
        assertFalse(log.contains("usesomesillystri"), "never the salt or the digest");
    }

    @Test
    void formatFamilyNamesTheFormatAndNothingOfTheHash() {
        assertEquals("$6$", PasswordHashing.formatFamily(SHA512_CRYPT));
        assertEquals("$pbkdf2-sha256$", PasswordHashing.formatFamily("$pbkdf2-sha256$29000$N2ZM$abc"));
        assertEquals("PBKDF2WithHmacSHA1", PasswordHashing.formatFamily("PBKDF2WithHmacSHA1:1000:c2FsdA==:aGFzaA=="));
        assertEquals("hex digest, 32 characters", PasswordHashing.formatFamily("5f4dcc3b5aa765d61d8327deb882cf99"));
        assertEquals("base64, 28 characters", PasswordHashing.formatFamily("W6ph5Mm5Pz8GgiULbPgzG37mj9g="));
        assertTrue(PasswordHashing.formatFamily("hunter2 plain").startsWith("unrecognised"));
        assertFalse(PasswordHashing.formatFamily("hunter2 plain").contains("hunter2"));
    }
}
