package io.jwtauth.jdbc.sessions;

import io.jwtauth.jdbc.TestDatabases;

/** The revocation feed's contract on MariaDb. */
class MariaDbFeedIT extends JdbcFeedContract {
    @Override
    TestDatabases database() {
        return TestDatabases.MARIADB;
    }
}
