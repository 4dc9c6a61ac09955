package io.jwtauth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.tokens.TokenIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code jwt-cli/target/jwtauth-cli.jar}, run as an operator would run it. */
class CliJarIT {
    record Result(int code, String out, String err) {
    }

    private static Result java(String stdin, String... args) throws IOException, InterruptedException {
        Path jar = Path.of("target", "jwtauth-cli.jar");
        assertTrue(Files.exists(jar), "build the jar first: " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), out, err);
    }

    @Test
    void verifyWhenKeygenKeyAndCoreIssuedTokenThenAcceptedAndTamperedRejected(@TempDir Path directory) throws Exception {
        Result keygen = java(null, "keygen", "--alg", "RS256", "--kid", "ops-1");
        assertEquals(0, keygen.code(), keygen.err());
        Path keyFile = directory.resolve("signing.jwk");
        Files.writeString(keyFile, keygen.out());
        Result jwks = java(null, "jwks", "--key", keyFile.toString());
        Path publicFile = directory.resolve("public.jwks");
        Files.writeString(publicFile, jwks.out());

        KeyMaterial key = Keys.read(keyFile, JwsAlgorithm.RS256).get(0);
        Instant now = Instant.now();
        String token = new TokenIssuer(key, "ops", null).issue("1", "ops-user", "sid-1", List.of("Administrators"), now, now.plusSeconds(300)).token();

        Result accepted = java(token + "\n", "verify", "--alg", "RS256", "--jwks", publicFile.toString(), "--iss", "ops", "-");
        assertEquals(0, accepted.code(), accepted.err());
        assertTrue(accepted.out().contains("\"sub\" : \"1\""), accepted.out());

        String[] parts = token.split("\\.");
        String forgedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sub\":\"1\"", "\"sub\":\"2\"").getBytes(StandardCharsets.UTF_8));
        Result rejected = java(null, "verify", "--alg", "RS256", "--jwks", publicFile.toString(), parts[0] + "." + forgedClaims + "." + parts[2]);
        assertEquals(1, rejected.code());
        assertTrue(rejected.err().contains("rejected"), rejected.err());
        assertTrue(!rejected.err().contains(parts[2]), "the token is not echoed");

        Result hash = java("s3cret-passw0rd\n", "hash-password");
        assertEquals(0, hash.code(), hash.err());
        assertTrue(hash.out().startsWith("$argon2id$"), hash.out());
        assertEquals("", hash.err().strip(), "no warnings on a normal run");
    }
}
