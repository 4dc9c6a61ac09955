/**
 * jwtauth core: tokens, keys, the login/renew/logout flow and the provider SPI. Knows nothing of servlets or SQL.
 * Hosts start it with {@link io.jwtauth.core.flow.JwtAuth}; providers implement {@code io.jwtauth.core.spi}.
 * {@code internal} is jwtauth's own plumbing, shared with its other modules only.
 */
// The qualified export names jwtauth's own modules, which are built after this one.
@SuppressWarnings("module")
module io.jwtauth.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.auth0.jwt;
    requires java.net.http;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires static micrometer.core;

    exports io.jwtauth.core;
    exports io.jwtauth.core.config;
    exports io.jwtauth.core.flow;
    exports io.jwtauth.core.keys;
    exports io.jwtauth.core.memory;
    exports io.jwtauth.core.metrics;
    exports io.jwtauth.core.spi;
    exports io.jwtauth.core.tokens;
    exports io.jwtauth.core.internal to io.jwtauth.filter, io.jwtauth.jdbc, io.jwtauth.cli;

    uses io.jwtauth.core.spi.StoreProviderFactory;
    uses io.jwtauth.core.spi.SessionStoreFactory;
}
