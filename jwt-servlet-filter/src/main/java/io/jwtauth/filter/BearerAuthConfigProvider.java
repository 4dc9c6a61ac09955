package io.jwtauth.filter;

import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;

/**
 * The provider registered for one web application ({@code "HttpServlet"} layer, its application context id):
 * a server configuration whose only context is {@link BearerAuthModule}. No client side.
 */
final class BearerAuthConfigProvider implements AuthConfigProvider {
    static final String LAYER = "HttpServlet";

    private final BearerAuthModule.Host host;
    /** One answer per registration (per web application): whether WildFly would turn its callers into 500s. */
    private final WildFlyDomains.Check wildFly = new WildFlyDomains.Check();

    BearerAuthConfigProvider(BearerAuthModule.Host host) {
        this.host = host;
    }

    @Override
    public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return null;
    }

    @Override
    public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler) {
        return new Config(layer, appContext, handler, host, wildFly);
    }

    @Override
    public void refresh() {
        // nothing cached
    }

    private record Config(String layer, String appContext, CallbackHandler handler, BearerAuthModule.Host host,
                          WildFlyDomains.Check wildFly) implements ServerAuthConfig {
        @Override
        public ServerAuthContext getAuthContext(String authContextId, Subject serviceSubject, @SuppressWarnings("rawtypes") Map properties) {
            BearerAuthModule module = new BearerAuthModule(host, wildFly);
            module.initialize(null, null, handler, Map.of());
            return module;
        }

        @Override
        public String getMessageLayer() {
            return layer;
        }

        @Override
        public String getAppContext() {
            return appContext;
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return "jwtauth-bearer";
        }

        @Override
        public void refresh() {
            // nothing cached
        }

        @Override
        public boolean isProtected() {
            return false;
        }
    }
}
