package io.jwtauth.jdbc.schema;

import io.jwtauth.jdbc.internal.Jdbc;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the jwtauth tables if they are missing. Idempotent: every statement is {@code IF NOT EXISTS}. */
public final class SchemaInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInstaller.class);

    private SchemaInstaller() {
    }

    /** The statements of a dialect's script. */
    public static List<String> statements(Dialect dialect) {
        try (InputStream in = SchemaInstaller.class.getResourceAsStream(dialect.scriptResource())) {
            if (in == null) {
                throw new IllegalStateException("schema script missing: " + dialect.scriptResource());
            }
            StringBuilder script = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    script.append(line).append('\n');
                }
            }
            List<String> statements = new ArrayList<>();
            for (String statement : script.toString().split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void install(Jdbc jdbc, Dialect dialect) {
        jdbc.inTransaction(handle -> {
            for (String statement : statements(dialect)) {
                handle.execute(statement);
            }
            return null;
        });
        LOG.info("jwtauth: schema for {} is in place", dialect);
    }
}
