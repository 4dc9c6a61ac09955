/**
 * The sample application: compiled as a module so that it can only use what jwtauth exports (its servlets see
 * the user through the servlet API alone). In the WAR it runs on the container's class path like any web app.
 */
module io.jwtauth.sample {
    requires io.jwtauth.filter;
    requires io.jwtauth.jdbc;
    requires io.jwtauth.jetty.ee11;
    requires org.slf4j;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.ee11.webapp;
    requires org.eclipse.jetty.ee11.servlet;
    requires org.eclipse.jetty.security;
    requires org.eclipse.jetty.http;

    // The container instantiates the servlets and the listener.
    exports io.jwtauth.sample;
    exports io.jwtauth.sample.launcher;
}
