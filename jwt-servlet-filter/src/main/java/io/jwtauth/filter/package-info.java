/**
 * The drop-in servlet filter, {@link io.jwtauth.filter.JwtAuthFilter}, the container authentication it publishes
 * ({@link io.jwtauth.filter.ContainerAuthentication}, for adapters to a container's own security SPI) and the error
 * page servlet ({@link io.jwtauth.filter.ContainerErrorServlet}): the only package the module exports, and stable.
 * The sub-packages are the filter's parts and not API.
 */
package io.jwtauth.filter;
