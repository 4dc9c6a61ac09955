package io.jwtauth.cli;

import io.jwtauth.core.keys.JwsAlgorithm;
import io.jwtauth.core.keys.KeyImportException;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.Keys;
import io.jwtauth.jdbc.passwords.PasswordHashing;
import io.jwtauth.jdbc.schema.Dialect;
import io.jwtauth.jdbc.schema.SchemaInstaller;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jwtauth} — the operator's tool (keys, tokens, password hashes, the database schema). Exit codes: 0 success, 1 the token was rejected (or could not be
 * decoded), 2 usage error or unusable key.
 */
@Command(name = "jwtauth", mixinStandardHelpOptions = true, version = "jwtauth 0.1.0",
        description = "Keys and tokens for jwtauth deployments.",
        subcommands = {JwtAuthCli.Keygen.class, JwtAuthCli.Jwks.class, TokenCommands.Decode.class, TokenCommands.Verify.class,
            JwtAuthCli.HashPassword.class, JwtAuthCli.Schema.class})
public final class JwtAuthCli {
    static final int OK = 0;
    static final int REJECTED = 1;
    static final int USAGE = 2;

    private JwtAuthCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs a command line with the given output streams; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(JwtAuthCli.class);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return e instanceof KeyImportException || e instanceof IllegalArgumentException ? USAGE : REJECTED;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static JwsAlgorithm algorithm(String name) {
        return JwsAlgorithm.fromName(name).orElseThrow(() -> new IllegalArgumentException(
                "unsupported algorithm '" + name + "'; use one of " + java.util.Arrays.toString(JwsAlgorithm.values())));
    }

    @Command(name = "keygen", description = "Generate a key: a private JWK on stdout (or, with --secret, a text secret for jwtauth.key.secret).")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--alg", required = true, description = "HS256|HS384|HS512|RS256|…|PS512|ES256|ES384|ES512|EdDSA")
        String alg;

        @Option(names = "--kid", description = "key id to embed")
        String kid;

        @Option(names = "--secret", description = "for HS*: print a random text secret (UTF-8 bytes are the key) instead of a JWK")
        boolean secretText;

        @Override
        public Integer call() {
            JwsAlgorithm algorithm = algorithm(alg);
            if (secretText) {
                if (!algorithm.isSymmetric()) {
                    throw new IllegalArgumentException("--secret is only for HS256, HS384 and HS512");
                }
                // base64url text: each character is one UTF-8 byte, and there are more bytes than the hash needs.
                spec.commandLine().getOut().println(Keys.newSecretText(algorithm));
                return OK;
            }
            spec.commandLine().getOut().println(Keys.privateJwk(Keys.generate(algorithm, kid)));
            return OK;
        }
    }

    @Command(name = "jwks", description = "Print the public JWKS for a key file (JWK, JWKS or PEM). Secrets are never printed.")
    static final class Jwks implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, description = "key file")
        Path key;

        @Option(names = "--alg", description = "algorithm for keys that do not name one (RSA PEM defaults to RS256)")
        String alg;

        @Override
        public Integer call() {
            List<KeyMaterial> keys = Keys.read(key, alg == null ? null : algorithm(alg));
            if (keys.stream().allMatch(KeyMaterial::isSymmetric)) {
                throw new KeyImportException(key + " holds only secret keys, which must never be published");
            }
            spec.commandLine().getOut().println(Keys.publicJwks(keys));
            return OK;
        }
    }

    @Command(name = "hash-password", description = "Read a password from stdin (one line) and print its argon2id hash for the JDBC provider.")
    static final class HashPassword implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--memory-kib", defaultValue = "" + PasswordHashing.DEFAULT_MEMORY_KIB)
        int memoryKib;

        @Option(names = "--iterations", defaultValue = "" + PasswordHashing.DEFAULT_ITERATIONS)
        int iterations;

        @Option(names = "--parallelism", defaultValue = "" + PasswordHashing.DEFAULT_PARALLELISM)
        int parallelism;

        @Override
        public Integer call() throws IOException {
            java.io.Console console = System.console();
            char[] password;
            if (console != null) {
                password = console.readPassword("password: ");
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                password = line == null ? null : line.toCharArray();
            }
            if (password == null || password.length == 0) {
                throw new IllegalArgumentException("no password on standard input");
            }
            spec.commandLine().getOut().println(new PasswordHashing(memoryKib, iterations, parallelism).hash(password));
            java.util.Arrays.fill(password, '\0');
            return OK;
        }
    }

    @Command(name = "schema", description = "Print the SQL that creates jwtauth's tables, for a DBA to run (idempotent: IF NOT EXISTS).")
    static final class Schema implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--db", required = true, description = "h2, postgresql or mariadb (MySQL: mariadb)")
        String database;

        @Option(names = "--without-users", description = "leave out jwtauth_users and jwtauth_user_roles: the application maps its own users table")
        boolean withoutUsers;

        @Override
        public Integer call() {
            Dialect dialect;
            try {
                dialect = Dialect.valueOf(database.strip().toUpperCase(java.util.Locale.ROOT).replace("MYSQL", "MARIADB"));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("--db must be h2, postgresql or mariadb, was '" + database + "'");
                return USAGE;
            }
            spec.commandLine().getOut().print(SchemaInstaller.script(dialect, !withoutUsers));
            spec.commandLine().getOut().flush();
            return OK;
        }
    }
}
