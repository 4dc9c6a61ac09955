/**
 * jwtauth for an embedded Jetty 12 (ee11): {@link io.jwtauth.jetty.ee11.BearerAuthenticator}, Jetty's own
 * {@code Authenticator} over the web application's jwtauth filter.
 */
module io.jwtauth.jetty.ee11 {
    requires io.jwtauth.filter;
    requires org.eclipse.jetty.ee11.servlet;
    requires org.eclipse.jetty.security;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.http;

    exports io.jwtauth.jetty.ee11;
}
