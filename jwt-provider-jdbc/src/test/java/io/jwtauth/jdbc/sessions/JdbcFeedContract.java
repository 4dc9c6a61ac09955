package io.jwtauth.jdbc.sessions;

import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.testing.SessionFeedContract;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The feed contract on one database: every node is its own {@link JdbcStores} with its own pool, as separate
 * servers would be. Subclasses name the database.
 */
abstract class JdbcFeedContract extends SessionFeedContract {
    private String url;
    private JdbcStores setup;

    abstract TestDatabases database();

    @BeforeEach
    void createUsers() {
        url = database().url();
        TestDatabases.dropTables(url);
        setup = JdbcStores.create(TestDatabases.settings(url, Map.of()));
        setup.users().createUser("alice", "Alice A.", "alice-password-1".toCharArray(), Set.of("Registered Users"));
        setup.users().createUser("bob", "Bob B.", "bob-password-1".toCharArray(), Set.of("Registered Users"));
    }

    @AfterEach
    void closeSetup() {
        if (setup != null) {
            setup.close();
        }
    }

    @Override
    protected StoreProvider connect() {
        return JdbcStores.create(TestDatabases.settings(url, Map.of("jwtauth.jdbc.pool-size", "8")));
    }
}
