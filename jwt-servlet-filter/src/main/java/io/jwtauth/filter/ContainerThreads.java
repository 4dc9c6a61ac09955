package io.jwtauth.filter;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The container's request-thread count, read once at start from the MBeans containers publish: Tomcat's
 * {@code Catalina:type=ThreadPool} connectors, and Jetty's {@code QueuedThreadPool} where its JMX module is on. The
 * largest pool found counts; 0 when none is visible (then the login queue keeps its fixed default).
 */
final class ContainerThreads {
    private static final String[] POOLS = {"*:type=ThreadPool,*", "org.eclipse.jetty.util.thread:type=queuedthreadpool,*"};

    private ContainerThreads() {
    }

    public static int maxThreads() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        int largest = 0;
        for (String pattern : POOLS) {
            try {
                for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                    if (server.getAttribute(name, "maxThreads") instanceof Number threads) {
                        largest = Math.max(largest, threads.intValue());
                    }
                }
            } catch (Exception | LinkageError e) {
                // A pool we cannot read is one we do not know: the fixed default applies.
            }
        }
        return largest;
    }
}
