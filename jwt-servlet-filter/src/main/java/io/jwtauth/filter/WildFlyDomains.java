package io.jwtauth.filter;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * WildFly's one setting that jwtauth's module cannot live with: an Undertow application security domain with
 * {@code integrated-jaspi=true} (its default) makes Elytron look every caller a Jakarta Authentication module hands it
 * up in its own realm, where jwtauth's users are not, and it answers 500 to every request that carries a token. Read
 * from WildFly's management model over JMX (its {@code jmx} subsystem exposes it as {@code jboss.as:…}); anywhere else,
 * or where it cannot be read, nothing is found.
 */
final class WildFlyDomains {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WildFlyDomains.class);
    private static final Pattern SECURITY_DOMAIN = Pattern.compile("<security-domain>\\s*([^<\\s]+)\\s*</security-domain>");

    private WildFlyDomains() {
    }

    /** What can be told of a web application's security domain. */
    record Finding(boolean known, String integratedDomain) {
        static final Finding NONE = new Finding(true, null);
        /** WildFly, still booting: its management model is not on JMX yet. */
        static final Finding NOT_YET = new Finding(false, null);
    }

    /** The security domain of this web application when WildFly integrates it with Jakarta Authentication; else null. */
    static String integratedDomain(ServletContext context) {
        return find(context).integratedDomain();
    }

    /**
     * As {@link #integratedDomain}, telling apart "no" from "cannot tell yet": WildFly deploys the applications it
     * finds at boot before its management model is on JMX.
     */
    static Finding find(ServletContext context) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName undertow = new ObjectName("jboss.as:subsystem=undertow");
            if (!server.isRegistered(undertow)) {
                String info = context.getServerInfo();
                return info != null && info.startsWith("WildFly") ? Finding.NOT_YET : Finding.NONE;
            }
            String domain = declaredDomain(context);
            if (domain == null) {
                Object fallback = server.getAttribute(undertow, "defaultSecurityDomain");
                domain = fallback == null ? "other" : fallback.toString();
            }
            ObjectName mapping = new ObjectName("jboss.as:subsystem=undertow,application-security-domain=" + ObjectName.quote(domain)
                    .replace("\"", ""));
            if (!server.isRegistered(mapping)) {
                return Finding.NONE;
            }
            return Boolean.TRUE.equals(server.getAttribute(mapping, "integratedJaspi")) ? new Finding(true, domain) : Finding.NONE;
        } catch (JMException | RuntimeException | LinkageError e) {
            return Finding.NONE;
        }
    }

    /**
     * The answer for one registration of the module, found once. An application WildFly deploys at boot registers the
     * module before the management model can be read: the first requests find out, once, and log what to run.
     * Thread-safe.
     */
    static final class Check {
        private volatile Boolean integrated;

        boolean integrates(ServletContext context) {
            Boolean known = integrated;
            if (known != null) {
                return known;
            }
            Finding finding = find(context);
            if (!finding.known()) {
                return false;
            }
            boolean found = finding.integratedDomain() != null;
            if (found) {
                String message = message(finding.integratedDomain());
                LOG.error(message);
                context.log(message);
            }
            integrated = found;
            return found;
        }
    }

    /** The start-up error of a domain WildFly integrates: what happens, and the command that fixes it. */
    static String message(String domain) {
        return "jwtauth: jwtauth.container-auth=true, but WildFly's security domain '" + domain + "' has integrated-jaspi=true: "
                + "Elytron would look jwtauth's users up in its own realm and answer 500 to every request with a token, so "
                + "jwtauth's module leaves every caller anonymous to the container (the filter authenticates tokens; web.xml "
                + "constraints let no one in). Run sample-webapp/servers/wildfly/setup.sh WILDFLY_HOME once, or in jboss-cli: "
                + "/subsystem=undertow/application-security-domain=" + domain + ":write-attribute(name=integrated-jaspi,value=false), "
                + "and restart (see the README's container matrix)";
    }

    /** The {@code <security-domain>} of {@code WEB-INF/jboss-web.xml}, or null. */
    private static String declaredDomain(ServletContext context) {
        try (InputStream descriptor = context.getResourceAsStream("/WEB-INF/jboss-web.xml")) {
            if (descriptor == null) {
                return null;
            }
            Matcher matcher = SECURITY_DOMAIN.matcher(new String(descriptor.readNBytes(64 * 1024), StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
