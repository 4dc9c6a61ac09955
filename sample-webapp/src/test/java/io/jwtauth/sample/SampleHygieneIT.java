package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample as an outside review found it (#29, items 10 and 13): its data was readable by every local user, it
 * listened on every interface, and a login over IPv6 loopback was refused; and (#34) a third-party library warned at
 * every start.
 */
class SampleHygieneIT {
    @Test
    void startWhenDefaultsThenDataOwnerOnlyAndListeningOnBothLoopbackAddressesOnly(@TempDir Path work) throws Exception {
        Path data = work.resolve("data");
        try (SampleProcess sample = new SampleProcess(data, work.resolve("sample.log"), Map.of())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("jwtauth-secret.txt"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("jwtauth-secret.jwk"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("jwtauth.mv.db"))),
                    "the H2 database holds password hashes and sessions");
            // The secret is in no system property of the sample's JVM (any code there reads those; diagnostics print them).
            String secret = Files.readString(data.resolve("jwtauth-secret.txt")).strip();
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(sample.pid()), "VM.system_properties").redirectErrorStream(true).start();
            String properties = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor();
            assertTrue(properties.contains("jwtauth.sample.key-file"), "jcmd read the properties: " + properties.lines().limit(3).toList());
            assertFalse(properties.contains(secret), "the secret is a system property");
            // Over ::1, as Chromium reaches http://localhost: listening, and a plain-HTTP login is loopback.
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://[::1]:" + sample.port + "/auth/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"u\":\"demo\",\"p\":\"demo-password-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            // #34 item 6: no third-party warning at start (password4j warned twice that it had no configuration).
            String log = Files.readString(work.resolve("sample.log"));
            assertFalse(log.contains("WARN com.password4j"), log.lines().filter(line -> line.contains("password4j")).toList().toString());
            InetAddress external = SampleProcess.externalIpv4();
            Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address to call from");
            assertThrows(IOException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external, sample.port), 2000);
                }
            }, "not listening on " + external.getHostAddress());
        }
    }
}
