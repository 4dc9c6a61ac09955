package io.jwtauth.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Code blocks of the project's README, so that a test deploys what a user is told to write, not a copy. */
final class ReadmeBlocks {
    private static final Path README = Path.of(System.getProperty("project.root", "..")).resolve("README.md");

    private ReadmeBlocks() {
    }

    /** The first fenced {@code xml} block after the line that contains {@code marker}. */
    static String xmlAfter(String marker) throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int at = readme.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("the README no longer says: " + marker);
        }
        int start = readme.indexOf("```xml\n", at);
        int end = readme.indexOf("\n```", start + 7);
        if (start < 0 || end < 0) {
            throw new AssertionError("no xml block after: " + marker);
        }
        return readme.substring(start + 7, end + 1);
    }
}
