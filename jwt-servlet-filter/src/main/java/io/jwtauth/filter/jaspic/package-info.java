/**
 * jwtauth as a Jakarta Authentication (JASPIC) server authentication module, so that the container itself
 * authenticates bearer tokens and enforces {@code web.xml} security constraints. {@link
 * io.jwtauth.filter.jaspic.ContainerAuthInitializer} registers it when the filter's {@code
 * jwtauth.container-auth} is true; the module asks the running filter's {@link
 * io.jwtauth.filter.ContainerAuthentication}. Loaded only then: containers without Jakarta Authentication
 * never touch these classes.
 */
package io.jwtauth.filter.jaspic;
