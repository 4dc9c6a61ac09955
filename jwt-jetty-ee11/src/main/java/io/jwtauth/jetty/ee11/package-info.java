/**
 * Jetty 12 ee11's authentication SPI over jwtauth: {@link io.jwtauth.jetty.ee11.BearerAuthenticator} and its
 * {@link io.jwtauth.jetty.ee11.BearerAuthenticator#install install} step. Stable: the class and the method are the API.
 */
package io.jwtauth.jetty.ee11;
