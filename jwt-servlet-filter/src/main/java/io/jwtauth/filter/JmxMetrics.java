package io.jwtauth.filter;

import io.jwtauth.core.flow.AuthService;
import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a service's metrics as {@code io.jwtauth:type=JwtAuthFilter,name="<filter name>"}. A failure (a
 * name clash, a locked-down server) only costs the metrics: it is logged, never thrown.
 */
final class JmxMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JmxMetrics.class);

    private final ObjectName name;

    private JmxMetrics(ObjectName name) {
        this.name = name;
    }

    static JmxMetrics register(String filterName, AuthService service) {
        JwtAuthMetricsMXBean metrics = new JwtAuthMetricsMXBean() {
            @Override
            public long getSessionCacheSize() {
                return service.metrics().sessionCacheSize();
            }

            @Override
            public double getSessionCacheHitRate() {
                return service.metrics().sessionCacheHitRate();
            }

            @Override
            public long getSessionStoreReads() {
                return service.metrics().sessionStoreReads();
            }

            @Override
            public long getTokenCacheSize() {
                return service.metrics().tokenCacheSize();
            }

            @Override
            public long getFeedLagMillis() {
                return service.metrics().feedLag().toMillis();
            }
        };
        try {
            ObjectName name = new ObjectName("io.jwtauth", new Hashtable<>(Map.of(
                    "type", "JwtAuthFilter", "name", ObjectName.quote(filterName == null ? "jwtauth" : filterName))));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(metrics, JwtAuthMetricsMXBean.class, true), name);
            return new JmxMetrics(name);
        } catch (JMException | RuntimeException e) {
            LOG.warn("jwtauth: metrics not published over JMX ({})", e.toString());
            return new JmxMetrics(null);
        }
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            LOG.debug("jwtauth: MBean already gone: {}", e.toString());
        }
    }
}
