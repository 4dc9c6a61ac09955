package io.jwtauth.jdbc.sessions;

import io.jwtauth.core.spi.StoreProvider;
import io.jwtauth.core.testing.SessionFeedContract;
import io.jwtauth.jdbc.JdbcStores;
import io.jwtauth.jdbc.TestDatabases;
import java.util.Map;
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
        setup = TestDatabases.storesWithAliceAndBob(url);
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
