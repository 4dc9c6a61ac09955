/**
 * jwtauth's identity and session store on JDBC (H2, PostgreSQL, MariaDB/MySQL). Applications use
 * {@link io.jwtauth.jdbc.JdbcStores} and its settings; everything else is internal.
 */
// The qualified export names the CLI, which is built after this one.
@SuppressWarnings({"module", "requires-automatic"})
module io.jwtauth.jdbc {
    requires transitive io.jwtauth.core;
    requires transitive java.sql;
    requires java.naming;
    requires org.jdbi.v3.core;
    requires com.zaxxer.hikari;
    // Automatic modules: password4j (its name derived from the file name), Jdbi and the PostgreSQL driver.
    requires password4j;
    // libargon2 through JNA (argon2-jvm); the binaries come in the argon2-jvm jar, found as class-path resources.
    requires de.mkammerer.argon2.nolibs;
    requires org.slf4j;
    // Only for PostgreSQL's LISTEN/NOTIFY, loaded when the URL is a PostgreSQL one.
    requires static org.postgresql.jdbc;

    exports io.jwtauth.jdbc;
    // The driver for jwtauth.jdbc.url, found through the web application's class loader.
    uses java.sql.Driver;
    exports io.jwtauth.jdbc.passwords to io.jwtauth.cli;
    exports io.jwtauth.jdbc.schema to io.jwtauth.cli;

    provides io.jwtauth.core.spi.StoreProviderFactory with io.jwtauth.jdbc.JdbcProviderFactory;
}
