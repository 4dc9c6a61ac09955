/**
 * An adapter to Jetty's own authentication SPI for container-enforced security where Jetty has no JASPI:
 * its ee8 environment (in the javax jar) and, optionally, ee9. Loaded only by Jetty.
 */
package io.jwtauth.filter.jetty;
