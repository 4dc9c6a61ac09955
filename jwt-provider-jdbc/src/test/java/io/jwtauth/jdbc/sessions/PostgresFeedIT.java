package io.jwtauth.jdbc.sessions;

import io.jwtauth.jdbc.TestDatabases;

/** The revocation feed's contract on Postgres. */
class PostgresFeedIT extends JdbcFeedContract {
    @Override
    TestDatabases database() {
        return TestDatabases.POSTGRESQL;
    }
}
