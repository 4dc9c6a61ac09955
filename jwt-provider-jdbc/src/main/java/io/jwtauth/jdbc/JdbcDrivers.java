package io.jwtauth.jdbc;

import io.jwtauth.core.config.ConfigException;
import io.jwtauth.core.config.Settings;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds the JDBC driver class for {@code jwtauth.jdbc.url}. {@link java.sql.DriverManager} only knows the
 * drivers it found on the system class path when it started, so in a real container a driver in
 * {@code WEB-INF/lib} is invisible to it ("No suitable driver"). The web application's own class loader (the
 * thread's context loader at {@code init()}) and this provider's loader are asked instead, through the
 * {@code java.sql.Driver} service every JDBC 4 driver declares.
 */
final class JdbcDrivers {
    private JdbcDrivers() {
    }

    /** The class name of the driver {@code jwtauth.jdbc.driver} names, or else of the first one that accepts the URL. */
    static String driverClassFor(String url, String configured) {
        if (configured != null) {
            for (ClassLoader loader : loaders()) {
                try {
                    Class<?> type = Class.forName(configured, false, loader);
                    if (!Driver.class.isAssignableFrom(type)) {
                        throw new ConfigException(JdbcSettings.DRIVER, configured + " is not a java.sql.Driver");
                    }
                    return configured;
                } catch (ClassNotFoundException | LinkageError tryNext) {
                    // not visible from this loader
                }
            }
            throw new ConfigException(JdbcSettings.DRIVER, "class " + configured + " not found; put the driver's jar in "
                    + "WEB-INF/lib (or the container's lib directory)");
        }
        for (ClassLoader loader : loaders()) {
            ServiceLoader<Driver> drivers = ServiceLoader.load(Driver.class, loader);
            var candidates = drivers.iterator();
            while (true) {
                Driver driver;
                try {
                    if (!candidates.hasNext()) {
                        break;
                    }
                    driver = candidates.next();
                } catch (ServiceConfigurationError broken) {
                    continue; // a driver jar that cannot load here; the others may still serve
                }
                try {
                    if (driver.acceptsURL(url)) {
                        return driver.getClass().getName();
                    }
                } catch (SQLException notThisOne) {
                    // a driver that cannot judge the URL does not take it
                }
            }
        }
        throw new ConfigException(JdbcSettings.URL, "no JDBC driver on the class path accepts '" + Settings.maskCredentials(url)
                + "'; put the driver's jar in WEB-INF/lib (H2: com.h2database:h2, PostgreSQL: org.postgresql:postgresql, "
                + "MariaDB/MySQL: org.mariadb.jdbc:mariadb-java-client), or name its class in " + JdbcSettings.DRIVER);
    }

    private static Set<ClassLoader> loaders() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(JdbcDrivers.class.getClassLoader());
        return loaders;
    }
}
