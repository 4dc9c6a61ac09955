package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same WAR, unchanged, in a second container: embedded Tomcat 11. Runs with no Jetty and no separate
 * Servlet API jar on the class path (see the failsafe execution "tomcat" in the POM).
 */
class TomcatWarIT {
    @Test
    void warWhenDeployedInTomcatThenWholeFlowWorks(@TempDir Path directory) throws Exception {
        Path war = Path.of("target", "sample-webapp.war").toAbsolutePath();
        assertTrue(Files.exists(war), "package first: " + war);
        // The data directory comes from JWTAUTH_DATA_DIR, which the failsafe execution sets for this test.
        Files.createDirectories(directory.resolve("tomcat").resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(directory.resolve("tomcat").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        // Tomcat's defaults minus the JSP servlet (the sample has no JSPs, and Jasper is not on the class path).
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", war.toString());
        context.setReloadable(false);
        // As in every Tomcat install: the default servlet, so that filters also see unmapped paths like /auth/login.
        Wrapper defaultServlet = context.createWrapper();
        defaultServlet.setName("default");
        defaultServlet.setServletClass("org.apache.catalina.servlets.DefaultServlet");
        defaultServlet.setLoadOnStartup(1);
        context.addChild(defaultServlet);
        context.addServletMappingDecoded("/", "default");
        tomcat.start();
        try {
            int port = tomcat.getConnector().getLocalPort();
            SampleFlow flow = new SampleFlow("http://127.0.0.1:" + port);
            flow.awaitUp(Duration.ofSeconds(60));
            flow.runWholeFlow();
            flow.runContainerFlow();
            flow.assertTokenReachesTheFilterByteForByte(); // Tomcat keeps no header cache: the token arrives as sent
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
