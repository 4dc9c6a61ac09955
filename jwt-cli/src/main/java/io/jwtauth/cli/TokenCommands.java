package io.jwtauth.cli;

import static io.jwtauth.cli.JwtAuthCli.OK;
import static io.jwtauth.cli.JwtAuthCli.REJECTED;
import static io.jwtauth.cli.JwtAuthCli.algorithm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jwtauth.core.AuthException;
import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.core.tokens.TokenVerifier;
import io.jwtauth.core.tokens.VerifiedToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The token commands of {@link JwtAuthCli}: {@code decode} (shows, never trusts) and {@code verify} (a pinned key). */
final class TokenCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenCommands() {
    }

    /** The token argument, or one line from standard input when it is '-' or absent. */
    static String tokenArgument(String token) throws IOException {
        if (token != null && !"-".equals(token)) {
            return token.strip();
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null) {
            throw new IllegalArgumentException("no token given and nothing on standard input");
        }
        return line.strip();
    }

    @Command(name = "decode", description = "Show a token's header and claims WITHOUT verifying it.")
    static final class Decode implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", description = "the token, or - (default) to read it from stdin")
        String token;

        @Override
        public Integer call() throws IOException {
            String text = tokenArgument(token);
            String[] parts = text.split("\\.", -1);
            if (parts.length != 3) {
                spec.commandLine().getErr().println("rejected: not a compact JWS (three dot-separated parts)");
                return REJECTED;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("UNVERIFIED — the signature was not checked; do not trust these values.");
            out.println("header:");
            out.println(pretty(parts[0]));
            out.println("claims:");
            out.println(pretty(parts[1]));
            return OK;
        }

        private static String pretty(String segment) {
            try {
                byte[] bytes = Base64.getUrlDecoder().decode(segment);
                JsonNode node = JSON.readTree(bytes);
                return node == null ? "(empty)" : node.toPrettyString();
            } catch (IllegalArgumentException | IOException e) {
                return "(not base64url-encoded JSON)";
            }
        }
    }

    @Command(name = "verify", description = "Verify a token with a pinned algorithm and key; print its claims when valid.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--alg", required = true, description = "the algorithm the key is for")
        String alg;

        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        KeySource source;

        static final class KeySource {
            @Option(names = "--jwk", description = "JWK file")
            Path jwk;
            @Option(names = "--jwks", description = "JWKS file")
            Path jwks;
            @Option(names = "--pem", description = "PEM file (public key, certificate or PKCS#8 private key)")
            Path pem;
            @Option(names = "--secret", description = "HMAC secret text (its UTF-8 bytes)")
            String secret;
        }

        @Option(names = "--iss", description = "required issuer")
        String issuer;

        @Option(names = "--aud", description = "required audience")
        String audience;

        @Option(names = "--now", description = "verify as of this time (epoch seconds)")
        Long now;

        @Option(names = "--leeway", defaultValue = "0", description = "clock skew allowed, in seconds (default 0)")
        long leeway;

        @Parameters(arity = "0..1", description = "the token, or - (default) to read it from stdin")
        String token;

        @Override
        public Integer call() throws IOException {
            JwsAlgorithm algorithm = algorithm(alg);
            List<KeyMaterial> keys;
            if (source.secret != null) {
                keys = List.of(Keys.secret(source.secret.getBytes(StandardCharsets.UTF_8), algorithm, null));
            } else {
                Path file = source.jwk != null ? source.jwk : source.jwks != null ? source.jwks : source.pem;
                keys = Keys.read(file, algorithm);
            }
            if (leeway < 0 || leeway > 600) {
                throw new IllegalArgumentException("--leeway must be between 0 and 600 seconds");
            }
            Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
            TokenVerifier verifier = TokenVerifier.builder(KeyRing.forVerification(keys))
                    .issuer(issuer).audience(audience).clock(clock).clockSkew(Duration.ofSeconds(leeway)).build();
            String text = tokenArgument(token);
            try {
                VerifiedToken verified = verifier.verify(text);
                spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(verified.claims()));
                return OK;
            } catch (AuthException e) {
                spec.commandLine().getErr().println("rejected: " + e.getMessage());
                return REJECTED;
            }
        }
    }
}
