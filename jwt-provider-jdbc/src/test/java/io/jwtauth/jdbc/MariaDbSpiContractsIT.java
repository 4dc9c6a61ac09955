package io.jwtauth.jdbc;

/** Core's SPI contracts on MariaDb. */
class MariaDbSpiContractsIT extends JdbcSpiContracts {
    @Override
    TestDatabases database() {
        return TestDatabases.MARIADB;
    }
}
