package io.jwtauth.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The javax variants as the Eclipse Transformer made them: nothing that would need a jakarta API on a javax
 * container. Our own jars must not mention {@code jakarta.} at all (in a class, a resource or a service file);
 * the javax WAR, third-party jars included, must not use the jakarta Servlet or Authentication APIs.
 */
class JavaxArtifactsIT {
    private static final Path ROOT = Path.of(System.getProperty("sample.target", "../sample-webapp/target")).resolve("../..").normalize();
    /** A jakarta package as a class file (jakarta/…) or a string constant or resource (jakarta.…) names it. */
    private static final Pattern ANY_JAKARTA = Pattern.compile("jakarta[./][a-z]");
    private static final Pattern JAKARTA_CONTAINER_API = Pattern.compile("jakarta[./](servlet|security[./]auth[./]message)");

    @Test
    void javaxJarsWhenScannedThenHoldNoJakartaReference() throws IOException {
        String version = System.getProperty("project.version");
        for (String jar : List.of("jwt-servlet-filter-javax/target/jwt-servlet-filter-javax-" + version + ".jar",
                "jwt-servlet-filter-javax/target/jwt-servlet-filter-javax-" + version + "-sources.jar",
                "jwt-servlet-filter-javax/target/jwt-servlet-filter-javax-" + version + "-javadoc.jar",
                "jwt-jetty-ee8/target/jwt-jetty-ee8-" + version + ".jar", "jwt-jetty-ee8/target/jwt-jetty-ee8-" + version + "-sources.jar")) {
            Path path = ROOT.resolve(jar);
            assertTrue(Files.exists(path), "build first: " + path);
            List<String> offenders = scan(path.toString(), Files.readAllBytes(path), ANY_JAKARTA);
            assertEquals(List.of(), offenders, jar);
        }
    }

    @Test
    void javaxWarWhenScannedThenUsesNoJakartaContainerApiAndDeclaresServlet4() throws IOException {
        Path war = ROOT.resolve("sample-webapp/target/sample-webapp-javax.war");
        assertTrue(Files.exists(war), "build first: " + war);
        List<String> offenders = scan(war.toString(), Files.readAllBytes(war), JAKARTA_CONTAINER_API);
        assertEquals(List.of(), offenders);
        String webXml = entry(Files.readAllBytes(war), "WEB-INF/web.xml");
        assertTrue(webXml.contains("xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\"") && webXml.contains("version=\"4.0\""), webXml);
        assertFalse(webXml.contains("jakarta"), webXml);
    }

    /** Entries (recursing into nested jars) whose bytes match {@code pattern}; Maven's own metadata is not content. */
    private static List<String> scan(String name, byte[] archive, Pattern pattern) throws IOException {
        List<String> offenders = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.isDirectory() || entry.getName().startsWith("META-INF/maven/")) {
                    continue;
                }
                byte[] bytes = zip.readAllBytes();
                if (entry.getName().endsWith(".jar")) {
                    offenders.addAll(scan(name + "!" + entry.getName(), bytes, pattern));
                } else if (pattern.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).find()
                        || pattern.matcher(entry.getName()).find()) {
                    offenders.add(name + "!" + entry.getName());
                }
            }
        }
        return offenders;
    }

    private static String entry(byte[] archive, String wanted) throws IOException {
        try (InputStream in = new ByteArrayInputStream(archive); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals(wanted)) {
                    return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError(wanted + " not in the archive");
    }
}
