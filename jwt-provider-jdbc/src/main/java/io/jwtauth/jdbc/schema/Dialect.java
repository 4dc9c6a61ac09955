package io.jwtauth.jdbc.schema;

import java.util.Locale;

/** The databases the provider supports, each with its schema script. */
public enum Dialect {
    H2("h2.sql"), POSTGRESQL("postgresql.sql"), MARIADB("mariadb.sql");

    private final String script;

    Dialect(String script) {
        this.script = script;
    }

    /** Classpath resource of the schema script, also shipped for DBAs to run by hand. */
    public String scriptResource() {
        return "/io/jwtauth/jdbc/schema/" + script;
    }

    /** The dialect of a database, from its JDBC {@code DatabaseMetaData.getDatabaseProductName()}. */
    public static Dialect fromProductName(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("h2")) {
            return H2;
        }
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        throw new IllegalArgumentException("unsupported database '" + productName + "'; supported: H2, PostgreSQL, MariaDB, MySQL");
    }
}
