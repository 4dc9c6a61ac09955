package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/sample-webapp.jar} as a separate process: the newcomer's path, and a restart that loses nothing. */
class SampleJarIT {
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process start(Path dataDir, int port, Path log, Map<String, String> extraEnv) throws IOException {
        Path jar = Path.of("target", "sample-webapp.jar");
        assertTrue(Files.exists(jar), "package first: " + jar.toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("JWTAUTH_"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("JWTAUTH_DATA_DIR", dataDir.toString());
        builder.environment().putAll(extraEnv);
        return builder.start();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
    }

    @Test
    void jarWhenStartedOnFreshDataDirThenWholeFlowAndRestartLosesNothing(@TempDir Path directory) throws Exception {
        Path dataDir = directory.resolve("data");
        Path log = directory.resolve("sample.log");
        int port = freePort();
        SampleFlow flow = new SampleFlow("http://127.0.0.1:" + port);

        Process process = start(dataDir, port, log, Map.of());
        JsonNode live;
        try {
            flow.awaitUp(Duration.ofSeconds(60));
            flow.runWholeFlow();
            flow.runContainerFlow();
            live = flow.renew(flow.login("demo", "demo-password-1"));
        } finally {
            stop(process);
        }
        String secret = Files.readString(dataDir.resolve("jwtauth-secret.txt")).strip();

        Process restarted = start(dataDir, port, log, Map.of());
        try {
            flow.awaitUp(Duration.ofSeconds(60));
            // Same secret, same users, same sessions: the access token and the renewal token still work.
            flow.assertMe(live, "demo");
            JsonNode next = flow.renew(live);
            flow.assertRefused(live, "bad-token");
            flow.assertMe(next, "demo");
            assertEquals(secret, Files.readString(dataDir.resolve("jwtauth-secret.txt")).strip());
        } finally {
            stop(restarted);
        }
        String output = Files.readString(log);
        assertTrue(output.contains("listening on http://localhost:" + port), output);
        assertTrue(output.contains("issuer 'jwtauth-sample'"), output);
        assertFalse(output.contains(secret), "the secret is never logged");
        assertFalse(output.contains("demo-password-1"), "passwords are never logged");
        assertFalse(output.contains(live.get("accessToken").asText()), "tokens are never logged");
    }

    @Test
    void jarWhenSecretTooShortThenRefusesToStartNamingTheSetting(@TempDir Path directory) throws Exception {
        Path log = directory.resolve("sample.log");
        Process process = start(directory.resolve("data"), freePort(), log, Map.of("JWTAUTH_SECRET", "short-secret"));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
        assertNotEquals(0, process.exitValue());
        String output = Files.readString(log);
        assertTrue(output.contains("jwtauth.key.secret"), output);
        assertFalse(output.contains("short-secret"), "the bad secret is not echoed");
        assertTrue(List.of(output.split("\n")).stream().noneMatch(line -> line.contains("listening on")), output);
    }
}
