package io.jwtauth.jdbc.schema;

import java.util.Locale;

/** The databases the provider supports, each with its schema script. */
public enum Dialect {
    // H2 casts a zoned time to the session's zone; counting microseconds from the epoch keeps it UTC.
    H2("h2.sql", "DATEADD(MICROSECOND, CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT), TIMESTAMP '1970-01-01 00:00:00')"),
    // clock_timestamp(), not CURRENT_TIMESTAMP: the latter is the transaction's start.
    POSTGRESQL("postgresql.sql", "(clock_timestamp() AT TIME ZONE 'UTC')"),
    MARIADB("mariadb.sql", "UTC_TIMESTAMP(6)");

    private final String script;
    private final String utcNow;

    Dialect(String script, String utcNow) {
        this.script = script;
        this.utcNow = utcNow;
    }

    /** An SQL expression for the database's current time as a UTC timestamp without zone, as jwtauth stores times. */
    public String utcNow() {
        return utcNow;
    }

    /** {@link #utcNow()} minus the milliseconds bound to {@code :parameter}. */
    public String utcNowMinusMillis(String parameter) {
        return switch (this) {
            case H2 -> "DATEADD(MILLISECOND, -:" + parameter + ", " + utcNow + ")";
            case POSTGRESQL -> "(" + utcNow + " - :" + parameter + " * INTERVAL '1 millisecond')";
            case MARIADB -> "(" + utcNow + " - INTERVAL (:" + parameter + " * 1000) MICROSECOND)";
        };
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
