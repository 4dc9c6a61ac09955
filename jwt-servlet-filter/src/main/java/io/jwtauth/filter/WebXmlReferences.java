package io.jwtauth.filter;

import io.jwtauth.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a {@code ${…:-default}} in a jwtauth parameter of {@code /WEB-INF/web.xml}. Tomcat (9, 10.1 and 11)
 * substitutes {@code ${…}} in {@code web.xml} itself before any filter reads it: it looks {@code env:NAME} up as
 * a system property, finds none and puts the default in, even when the variable is set. jwtauth then sees only
 * the default, and a production secret silently becomes the development one. {@code ${env:NAME|default}}
 * means the same to jwtauth and is left alone by every container, so the message says to write that.
 *
 * <p>The check reads the descriptor as written (the container's substituted values cannot show the
 * problem) and fails in every container, so that a {@code web.xml} that starts on Jetty also starts on Tomcat.
 */
final class WebXmlReferences {
    /** Large enough for any real descriptor; a larger one is not scanned rather than read without bound. */
    private static final int MAX_DESCRIPTOR_BYTES = 4 * 1024 * 1024;
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern PARAMETER = Pattern.compile(
            "<param-name>\\s*(jwtauth\\.[^<\\s]+)\\s*</param-name>\\s*<param-value>([^<]*)</param-value>");
    private static final Pattern TOMCAT_DEFAULT = Pattern.compile("\\$\\{(?:env|sys):[^}]*:-");

    private WebXmlReferences() {
    }

    /** Throws a {@link ConfigException} naming the first jwtauth parameter whose value uses {@code ${…:-…}}. */
    public static void check(InputStream descriptor) throws IOException {
        if (descriptor == null) {
            return; // no web.xml: configured in code or by annotations
        }
        byte[] bytes = descriptor.readNBytes(MAX_DESCRIPTOR_BYTES + 1);
        if (bytes.length > MAX_DESCRIPTOR_BYTES) {
            return;
        }
        String text = COMMENT.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("");
        Matcher parameter = PARAMETER.matcher(text);
        while (parameter.find()) {
            if (TOMCAT_DEFAULT.matcher(parameter.group(2)).find()) {
                throw new ConfigException(parameter.group(1), "in /WEB-INF/web.xml, write ${env:NAME|default} for a default: "
                        + "Tomcat replaces ${…:-default} in web.xml itself before jwtauth reads it, and takes the default "
                        + "even when the variable is set");
            }
        }
    }
}
