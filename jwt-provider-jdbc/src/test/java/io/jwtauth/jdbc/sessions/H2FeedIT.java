package io.jwtauth.jdbc.sessions;

import io.jwtauth.jdbc.TestDatabases;

/** The revocation feed's contract on H2. */
class H2FeedIT extends JdbcFeedContract {
    @Override
    TestDatabases database() {
        return TestDatabases.H2;
    }
}
