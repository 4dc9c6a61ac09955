package io.jwtauth.filter;

import io.jwtauth.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What jwtauth needs to know of the application's own {@code /WEB-INF/web.xml}: its {@code <login-config>} (which
 * jwtauth's module runs in container-enforced mode) and whether an {@code <absolute-ordering>} leaves jwtauth's jar
 * out (then its initializer never runs). Read once at {@code init()}, as written. No DTD or external entity is ever
 * loaded. Immutable.
 */
final class WebXmlDescriptor {
    /** A descriptor jwtauth could not read (none, or not XML): the container reports its own problems with it. */
    public static final WebXmlDescriptor NONE = new WebXmlDescriptor(null, false, null);

    /** The application's {@code <login-config>}, as far as jwtauth runs it. */
    public record LoginConfig(Method method, String realm, String loginPage, String errorPage) {
        /**
         * The login methods jwtauth's module can run; NONE when there is no {@code <login-config>} or it names none.
         * PROVIDER is the sign-in at an identity provider that Keycloak's adapters ({@code KEYCLOAK}) and WildFly's
         * ({@code OIDC}) ran: with {@code jwtauth.browser-login}, jwtauth runs it.
         */
        public enum Method { NONE, BASIC, FORM, PROVIDER }

        public static final LoginConfig NONE = new LoginConfig(Method.NONE, null, null, null);
    }

    private final LoginConfig loginConfig;
    private final boolean orderingLeavesJarsOut;
    /** Why the {@code <login-config>} cannot be run, or {@code null}. */
    private final String unsupportedLogin;

    private WebXmlDescriptor(LoginConfig loginConfig, boolean orderingLeavesJarsOut, String unsupportedLogin) {
        this.loginConfig = loginConfig == null ? LoginConfig.NONE : loginConfig;
        this.orderingLeavesJarsOut = orderingLeavesJarsOut;
        this.unsupportedLogin = unsupportedLogin;
    }

    /** Reads the descriptor's bytes; {@link #NONE} for none or for one that is not well-formed XML. */
    public static WebXmlDescriptor read(byte[] descriptor) {
        if (descriptor == null || descriptor.length == 0) {
            return NONE;
        }
        Document document;
        try {
            document = parser().parse(new ByteArrayInputStream(descriptor));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return NONE;
        }
        Element root = document.getDocumentElement();
        boolean leavesOut = false;
        Element ordering = child(root, "absolute-ordering");
        if (ordering != null) {
            // Only <others/> admits a jar without a web-fragment name, as jwtauth's is.
            leavesOut = ordering.getElementsByTagNameNS("*", "others").getLength() == 0;
        }
        Element login = child(root, "login-config");
        if (login == null) {
            return new WebXmlDescriptor(LoginConfig.NONE, leavesOut, null);
        }
        String method = text(child(login, "auth-method"));
        String realm = text(child(login, "realm-name"));
        Element form = child(login, "form-login-config");
        String loginPage = form == null ? null : text(child(form, "form-login-page"));
        String errorPage = form == null ? null : text(child(form, "form-error-page"));
        String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "" -> new WebXmlDescriptor(LoginConfig.NONE, leavesOut, null);
            case "BASIC" -> new WebXmlDescriptor(new LoginConfig(LoginConfig.Method.BASIC, realm == null ? "" : realm, null, null),
                    leavesOut, null);
            case "FORM" -> loginPage == null || errorPage == null || !loginPage.startsWith("/") || !errorPage.startsWith("/")
                    ? new WebXmlDescriptor(null, leavesOut, "<auth-method>FORM</auth-method> needs a <form-login-config> with a "
                    + "<form-login-page> and a <form-error-page>, each a path starting with /")
                    : new WebXmlDescriptor(new LoginConfig(LoginConfig.Method.FORM, realm, loginPage, errorPage), leavesOut, null);
            case "KEYCLOAK", "OIDC" -> new WebXmlDescriptor(new LoginConfig(LoginConfig.Method.PROVIDER, realm, null, null), leavesOut,
                    null);
            default -> new WebXmlDescriptor(null, leavesOut, "<auth-method>" + method + "</auth-method> is not one jwtauth's module "
                    + "can run (it runs BASIC and FORM against jwtauth's identity store, and KEYCLOAK or OIDC as the sign-in at the "
                    + "provider jwtauth.browser-login names)");
        };
    }

    /**
     * The {@code <login-config>} jwtauth's module runs; a {@link ConfigException} naming {@code key} when there is one it
     * cannot run (DIGEST, CLIENT-CERT, a FORM without its pages).
     */
    public LoginConfig loginConfig(String key) {
        if (unsupportedLogin != null) {
            throw new ConfigException(key, "web.xml's <login-config>: " + unsupportedLogin + "; with " + key + "=true jwtauth's "
                    + "module replaces the container's own login, so remove the <login-config>, change it, or turn " + key + " off");
        }
        return loginConfig;
    }

    /** Whether {@code <absolute-ordering>} is present without {@code <others/>}, which leaves jwtauth's jar (and its initializer) out. */
    public boolean orderingLeavesJarsOut() {
        return orderingLeavesJarsOut;
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // fails on fatal errors, prints nothing
        // An old descriptor may name a DTD: never fetched.
        builder.setEntityResolver((publicId, systemId) -> new org.xml.sax.InputSource(new ByteArrayInputStream(new byte[0])));
        return builder;
    }

    /** The first direct child element with this local name, in any namespace. */
    private static Element child(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && name.equals(localName(element))) {
                return element;
            }
        }
        return null;
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static String text(Element element) {
        if (element == null) {
            return null;
        }
        String text = element.getTextContent().strip();
        return text.isEmpty() ? null : text;
    }
}
