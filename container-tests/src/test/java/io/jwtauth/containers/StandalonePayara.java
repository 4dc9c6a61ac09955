package io.jwtauth.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Payara Server as an operator runs it: the distribution unpacked from the registry's archive, copied
 * for each test, its listeners moved to free ports, started in the foreground ({@code asadmin start-domain
 * --verbose}), with the WAR dropped into {@code domain1/autodeploy} (so its context root is its file name,
 * {@code /sample-webapp}).
 */
final class StandalonePayara extends ContainerProcess {
    private final String contextRoot;
    private final Path server;

    private StandalonePayara(Path base, List<String> command, Map<String, String> environment, int port, String contextRoot,
                             Path server) throws IOException {
        super(base, command, environment, port);
        this.contextRoot = contextRoot;
        this.server = server;
    }

    static Path home() {
        Path home = Path.of(System.getProperty("containers.dir", "target/containers")).resolve("payara6");
        if (!Files.isRegularFile(home.resolve("bin/asadmin"))) {
            throw new IllegalStateException("Payara is not unpacked at " + home + " (run through mvn verify)");
        }
        return home;
    }

    static StandalonePayara start(Path war, Path base, Map<String, String> environment) throws IOException, InterruptedException {
        Files.createDirectories(base);
        Path server = base.resolve("payara6");
        Process copy = new ProcessBuilder("cp", "-a", home().toAbsolutePath().toString(), server.toString()).inheritIO().start();
        if (!copy.waitFor(120, TimeUnit.SECONDS) || copy.exitValue() != 0) {
            throw new AssertionError("could not copy Payara");
        }
        Path domainXml = server.resolve("glassfish/domains/domain1/config/domain.xml");
        String domain = Files.readString(domainXml, StandardCharsets.UTF_8);
        int http = freePort();
        // server-config's listeners (the DAS this test runs): every fixed port moved to a free one.
        for (String port : List.of("8080", "8181", "4848", "3700", "3820", "3920", "8686", "7676", "9009", "6666")) {
            int replacement = port.equals("8080") ? http : freePort();
            domain = domain.replace("port=\"" + port + "\"", "port=\"" + replacement + "\"")
                    .replace("value=\"" + port + "\"", "value=\"" + replacement + "\"");
        }
        Files.writeString(domainXml, domain, StandardCharsets.UTF_8);
        Path autodeploy = server.resolve("glassfish/domains/domain1/autodeploy");
        Files.createDirectories(autodeploy); // the distribution makes it at the first start; we drop the WAR in before that
        Files.copy(war, autodeploy.resolve("sample-webapp.war"));
        List<String> command = List.of("bash", server.resolve("bin/asadmin").toString(), "start-domain", "--verbose", "domain1");
        return new StandalonePayara(base, command, environment, http, "/sample-webapp", server);
    }

    @Override
    String baseUrl() {
        return super.baseUrl() + contextRoot;
    }

    @Override
    String console() {
        StringBuilder all = new StringBuilder(super.console());
        Path log = server.resolve("glassfish/domains/domain1/logs/server.log");
        try {
            if (Files.exists(log)) {
                all.append("---- server.log\n").append(Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            all.append("(server.log unreadable: ").append(e).append(')');
        }
        return all.toString();
    }

    @Override
    boolean deploymentFinished() {
        String console = console();
        return console.contains("sample-webapp was successfully deployed") || console.contains("Autodeploy failed")
                || console.contains("Exception while loading the app");
    }
}
