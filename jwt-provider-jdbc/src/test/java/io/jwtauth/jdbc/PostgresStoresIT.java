package io.jwtauth.jdbc;

/** {@link JdbcStoresContract} on POSTGRESQL. */
class PostgresStoresIT extends JdbcStoresContract {
    @Override
    TestDatabases database() {
        return TestDatabases.POSTGRESQL;
    }
}
