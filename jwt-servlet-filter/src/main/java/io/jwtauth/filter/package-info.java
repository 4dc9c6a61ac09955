/**
 * The drop-in servlet filter, {@link io.jwtauth.filter.JwtAuthFilter}; the container authentication it publishes
 * ({@link io.jwtauth.filter.ContainerAuthentication}, for adapters to a container's own security SPI); the error page
 * servlet ({@link io.jwtauth.filter.ContainerErrorServlet}); the JMX view ({@link
 * io.jwtauth.filter.JwtAuthMetricsMXBean}); and {@link io.jwtauth.filter.ContainerAuthInitializer}, which the
 * container runs. Everything else here is package-private: on the class path of a WAR, as on the module path, only
 * these types can be reached.
 */
package io.jwtauth.filter;
