package io.jwtauth.jdbc;

/** {@link JdbcStoresContract} on H2. */
class H2StoresIT extends JdbcStoresContract {
    @Override
    TestDatabases database() {
        return TestDatabases.H2;
    }
}
