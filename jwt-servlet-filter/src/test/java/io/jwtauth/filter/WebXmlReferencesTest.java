package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebXmlReferencesTest {
    private static InputStream webXml(String body) {
        return new ByteArrayInputStream(("<?xml version=\"1.0\"?><web-app>" + body + "</web-app>").getBytes(StandardCharsets.UTF_8));
    }

    private static String param(String name, String value) {
        return "<init-param>\n  <param-name>" + name + "</param-name>\n  <param-value>" + value + "</param-value>\n</init-param>";
    }

    @Test
    void checkWhenColonDashDefaultInJwtauthParameterThenFailsNamingKeyAndPortableForm() {
        ConfigException error = assertThrows(ConfigException.class, () -> WebXmlReferences.check(webXml(
                param("jwtauth.issuer", "${env:ISSUER|x}") + param("jwtauth.key.secret", "${env:JWTAUTH_SECRET:-dev-only-secret}"))));
        assertEquals("jwtauth.key.secret", error.key());
        assertTrue(error.getMessage().contains("${env:NAME|default}"), error.getMessage());
        assertTrue(!error.getMessage().contains("dev-only-secret"), "the value (here a secret) is not echoed");
        assertThrows(ConfigException.class, () -> WebXmlReferences.check(webXml(
                "<context-param><param-name> jwtauth.jdbc.url </param-name><param-value>${sys:db:-jdbc:h2:mem:x}</param-value></context-param>")));
    }

    @Test
    void checkWhenPortableFormsCommentsOrOtherParametersThenPasses() {
        assertDoesNotThrow(() -> WebXmlReferences.check(webXml(param("jwtauth.key.secret", "${env:JWTAUTH_SECRET|${sys:s}}")
                + param("jwtauth.issuer", "${env:ISSUER}") + param("jwtauth.paths.public", "/a:-b")
                + "<!-- " + param("jwtauth.key.secret", "${env:OLD:-x}") + " -->"
                + param("app.setting", "${app.value:-5}"))));
        assertDoesNotThrow(() -> WebXmlReferences.check(null));
    }
}
