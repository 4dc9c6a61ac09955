package io.jwtauth.jdbc;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a web application's copy of jwtauth leaves in the JVM unless it is released at undeploy, so that a redeploy
 * leaks nothing: the JDBC drivers its class loader registered with {@link DriverManager} (finding the driver for the
 * URL loads every driver in {@code WEB-INF/lib}, and each registers itself), and the thread JNA starts to free native
 * memory (libargon2's buffers). Only what this class's own loader loaded, and only when that loader is not the JVM's
 * (a web application's, not a plain {@code java -jar}): another application's or the container's drivers are never
 * touched.
 */
final class WebAppResources {
    private static final Logger LOG = LoggerFactory.getLogger(WebAppResources.class);

    private WebAppResources() {
    }

    static void release() {
        ClassLoader own = WebAppResources.class.getClassLoader();
        if (own == null || isJvmLoader(own)) {
            return;
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                    LOG.debug("jwtauth: deregistered JDBC driver {}", driver.getClass().getName());
                } catch (SQLException | SecurityException e) {
                    LOG.warn("jwtauth: could not deregister JDBC driver {}: {}", driver.getClass().getName(), e.getMessage());
                }
            }
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            // JNA's cleaner ends when interrupted (it is waiting on its reference queue); only our copy of JNA's.
            if ("JNA Cleaner".equals(thread.getName()) && thread.getClass().getClassLoader() == own) {
                thread.interrupt();
                try {
                    thread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The system class loader or one of its parents: a plain JVM's, shared by everything in it. */
    private static boolean isJvmLoader(ClassLoader loader) {
        for (ClassLoader jvm = ClassLoader.getSystemClassLoader(); jvm != null; jvm = jvm.getParent()) {
            if (jvm == loader) {
                return true;
            }
        }
        return false;
    }
}
