/**
 * An adapter to Jetty's own authentication SPI for container-enforced security where Jetty runs no Jakarta
 * Authentication module: its ee9 environment, and, as {@code jwt-jetty-ee8}, its ee8 one. Loaded only by Jetty.
 */
package io.jwtauth.jetty.ee9;
