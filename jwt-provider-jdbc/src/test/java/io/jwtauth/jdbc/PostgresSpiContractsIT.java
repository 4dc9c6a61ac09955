package io.jwtauth.jdbc;

/** Core's SPI contracts on Postgres. */
class PostgresSpiContractsIT extends JdbcSpiContracts {
    @Override
    TestDatabases database() {
        return TestDatabases.POSTGRESQL;
    }
}
