package io.jwtauth.jdbc.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * #34 item 7: a mapped table whose {@code by-id} query reads another hash than {@code by-name} let logins work and ended
 * every session at its first renewal, with nothing in the log. The first good password on a node now checks that both
 * queries find the same user with the same name and hash, and says which query is off.
 */
class MappedQueriesAgreementTest {
    private static final String SELECT = "SELECT id AS user_id, login AS username, %s AS password_hash FROM app_users WHERE ";

    @ParameterizedTest
    @ValueSource(strings = {"agreeing", "other-hash", "other-name", "no-user"})
    void firstLoginWhenByIdDisagreesWithByNameThenTheLogNamesByIdAndWhy(String byIdShape) throws Exception {
        String url = TestDatabases.H2.url();
        String hash = PasswordHashing.defaults().hash("ida-password-1".toCharArray());
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app_users (id INTEGER PRIMARY KEY, login VARCHAR(100), pwd VARCHAR(200), old_pwd VARCHAR(200))");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO app_users VALUES (7, 'ida', ?, ?)")) {
                insert.setString(1, hash);
                insert.setString(2, "$2b$10$someOlderHashThatNoLongerMatchesAnythingAtAll012345");
                insert.executeUpdate();
            }
        }
        String byId = switch (byIdShape) {
            case "other-hash" -> String.format(SELECT, "old_pwd") + "id = CAST(:userId AS INTEGER)";
            case "other-name" -> "SELECT id AS user_id, UPPER(login) AS username, pwd AS password_hash FROM app_users WHERE id = CAST(:userId AS INTEGER)";
            case "no-user" -> String.format(SELECT, "pwd") + "id = CAST(:userId AS INTEGER) + 1";
            default -> String.format(SELECT, "pwd") + "id = CAST(:userId AS INTEGER)";
        };
        var settings = TestDatabases.settings(url, Map.of("jwtauth.jdbc.users.by-name", String.format(SELECT, "pwd") + "login = :username",
                "jwtauth.jdbc.users.by-id", byId));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (JdbcStores stores = JdbcStores.create(settings);
             AuthService auth = JwtAuth.builder().settings(settings).provider(stores).pollManually(new ManualPolling()).build()) {
            assertEquals("7", auth.login("ida", "ida-password-1".toCharArray(), ClientInfo.local()).userId());
            auth.login("ida", "ida-password-1".toCharArray(), ClientInfo.local()); // checked once per node
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        long errors = log.lines().filter(line -> line.contains("ERROR") && line.contains("jwtauth.jdbc.users.by-id")).count();
        if (byIdShape.equals("agreeing")) {
            assertFalse(log.contains("jwtauth.jdbc.users.by-id"), log);
        } else {
            assertEquals(1, errors, log);
            String expected = switch (byIdShape) {
                case "other-hash" -> "returns another password hash for the same user";
                case "other-name" -> "returns another user name for the same id";
                default -> "finds no user with the id jwtauth.jdbc.users.by-name returned";
            };
            assertTrue(log.contains(expected) && log.contains("every renewal will end the session"), log);
        }
    }
}
