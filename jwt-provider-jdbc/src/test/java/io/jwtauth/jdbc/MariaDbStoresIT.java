package io.jwtauth.jdbc;

/** {@link JdbcStoresContract} on MARIADB. */
class MariaDbStoresIT extends JdbcStoresContract {
    @Override
    TestDatabases database() {
        return TestDatabases.MARIADB;
    }
}
