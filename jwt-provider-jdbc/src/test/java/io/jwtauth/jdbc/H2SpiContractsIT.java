package io.jwtauth.jdbc;

/** Core's SPI contracts on H2. */
class H2SpiContractsIT extends JdbcSpiContracts {
    @Override
    TestDatabases database() {
        return TestDatabases.H2;
    }
}
