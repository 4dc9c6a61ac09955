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
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A DNN-shaped database (DNN's Users, aspnet_Users, aspnet_Membership, UserRoles and Roles, with ASP.NET
 * membership's salted SHA-1 hashes) through the shipped mapping {@code io/jwtauth/jdbc/mappings/dnn.properties}:
 * users keep their passwords and are argon2id afterwards; locked, unapproved, deleted and clear-text users are
 * refused. Hash vectors from Python's hashlib (see AspNetMembershipHashTest). SQL Server, DNN's own database,
 * is not available here: H2, PostgreSQL and MariaDB with the same layout stand in.
 */
class DnnMembershipIT {
    private static final ClientInfo CLIENT = ClientInfo.local();
    /** base64(sha1(base64decode(salt) + "dnn-password-1".encode("utf-16-le"))) */
    private static final String SALT = "MTIzNDU2Nzg5MDEyMzQ1Ng==";
    private static final String SHA1_HASH = "i6I7uPakfljkpQ6iQfVXcaQbCNY=";

    static Map<String, String> shippedMapping() throws Exception {
        Properties mapping = new Properties();
        try (InputStream in = DnnMembershipIT.class.getResourceAsStream("/io/jwtauth/jdbc/mappings/dnn.properties")) {
            mapping.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        mapping.stringPropertyNames().forEach(key -> settings.put(key, mapping.getProperty(key)));
        return settings;
    }

    private static void createDnnTables(String url) throws SQLException {
        TestDatabases.dropTables(url, "UserRoles", "Roles", "aspnet_Membership", "aspnet_Users", "Users");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE Users (UserID INTEGER PRIMARY KEY, Username VARCHAR(100) NOT NULL, DisplayName VARCHAR(128), "
                    + "IsDeleted INTEGER NOT NULL)");
            statement.execute("CREATE TABLE aspnet_Users (UserId VARCHAR(36) PRIMARY KEY, UserName VARCHAR(256) NOT NULL, "
                    + "LoweredUserName VARCHAR(256) NOT NULL)");
            statement.execute("CREATE TABLE aspnet_Membership (UserId VARCHAR(36) PRIMARY KEY, Password VARCHAR(128) NOT NULL, "
                    + "PasswordFormat INTEGER NOT NULL, PasswordSalt VARCHAR(128) NOT NULL, IsApproved INTEGER NOT NULL, IsLockedOut INTEGER NOT NULL)");
            statement.execute("CREATE TABLE Roles (RoleID INTEGER PRIMARY KEY, RoleName VARCHAR(50) NOT NULL)");
            statement.execute("CREATE TABLE UserRoles (UserRoleID INTEGER PRIMARY KEY, UserID INTEGER NOT NULL, RoleID INTEGER NOT NULL, "
                    + "ExpiryDate TIMESTAMP NULL)");
            user(connection, 42, "Maria", "Maria M.", 0, SHA1_HASH, 1, 1, 0);
            user(connection, 43, "lee", "Locked Lee", 0, SHA1_HASH, 1, 1, 1);
            user(connection, 44, "una", "Una Approved", 0, SHA1_HASH, 1, 0, 0);
            user(connection, 45, "gone", "Deleted D.", 1, SHA1_HASH, 1, 1, 0);
            user(connection, 46, "clara", "Clear C.", 0, "dnn-password-1", 0, 1, 0);
            statement.execute("INSERT INTO Roles VALUES (0, 'Administrators')");
            statement.execute("INSERT INTO Roles VALUES (1, 'Registered Users')");
            statement.execute("INSERT INTO Roles VALUES (2, 'Subscribers')");
            statement.execute("INSERT INTO Roles VALUES (3, 'Trial')");
            statement.execute("INSERT INTO UserRoles (UserRoleID, UserID, RoleID) VALUES (1, 42, 1)");
            statement.execute("INSERT INTO UserRoles (UserRoleID, UserID, RoleID) VALUES (2, 42, 2)");
            try (PreparedStatement expired = connection.prepareStatement("INSERT INTO UserRoles VALUES (3, 42, 3, ?)")) {
                expired.setTimestamp(1, Timestamp.from(Instant.parse("2020-01-01T00:00:00Z")));
                expired.executeUpdate();
            }
        }
    }

    private static void user(Connection connection, int id, String name, String displayName, int deleted, String password, int format,
                             int approved, int locked) throws SQLException {
        String guid = String.format("00000000-0000-0000-0000-%012d", id);
        try (PreparedStatement users = connection.prepareStatement("INSERT INTO Users VALUES (?, ?, ?, ?)");
             PreparedStatement aspnet = connection.prepareStatement("INSERT INTO aspnet_Users VALUES (?, ?, ?)");
             PreparedStatement membership = connection.prepareStatement("INSERT INTO aspnet_Membership VALUES (?, ?, ?, ?, ?, ?)")) {
            users.setInt(1, id);
            users.setString(2, name);
            users.setString(3, displayName);
            users.setInt(4, deleted);
            users.executeUpdate();
            aspnet.setString(1, guid);
            aspnet.setString(2, name);
            aspnet.setString(3, name.toLowerCase());
            aspnet.executeUpdate();
            membership.setString(1, guid);
            membership.setString(2, password);
            membership.setInt(3, format);
            membership.setString(4, format == 1 ? SALT : "");
            membership.setInt(5, approved);
            membership.setInt(6, locked);
            membership.executeUpdate();
        }
    }

    private static String storedPassword(String url, int id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT Password FROM aspnet_Membership WHERE UserId = '"
                     + String.format("00000000-0000-0000-0000-%012d", id) + "'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void loginWhenDnnUsersThenOldPasswordsWorkAndBecomeArgon2id(TestDatabases database) throws Exception {
        String url = database.url();
        createDnnTables(url);
        JdbcStores stores = JdbcStores.create(TestDatabases.settings(url, shippedMapping()));
        try (AuthService auth = JwtAuth.builder().settings(TestDatabases.settings(url, Map.of())).provider(stores)
                .pollManually(new ManualPolling()).build()) {
            assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                    () -> auth.login("Maria", "wrong-password".toCharArray(), CLIENT)).error());
            assertEquals(SHA1_HASH, storedPassword(url, 42), "a refused login changes nothing");

            TokenResponse login = auth.login("Maria", "dnn-password-1".toCharArray(), CLIENT);
            assertEquals("42", login.userId());
            assertEquals("Maria M.", login.displayName());
            assertEquals(Set.of("Registered Users", "Subscribers"), auth.authenticate(login.accessToken()).roles(), "the expired role is left out");
            assertTrue(storedPassword(url, 42).startsWith("$argon2id$"), "upgraded at the first login: " + storedPassword(url, 42));
            TokenResponse again = auth.login("Maria", "dnn-password-1".toCharArray(), CLIENT);
            auth.authenticate(again.accessToken());

            for (String refused : new String[] {"lee", "una", "gone", "clara"}) {
                assertEquals(AuthError.BAD_CREDENTIALS, assertThrows(AuthException.class,
                        () -> auth.login(refused, "dnn-password-1".toCharArray(), CLIENT)).error(), refused);
            }
            assertEquals("dnn-password-1", storedPassword(url, 46), "a clear-text password is never accepted, nor rewritten");
        }
    }
}
