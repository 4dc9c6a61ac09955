/**
 * The provider SPI: {@link io.jwtauth.core.spi.IdentityStore} (users and passwords) and {@link
 * io.jwtauth.core.spi.SessionStore} (sessions and their change feed), created by a {@link
 * io.jwtauth.core.spi.StoreProviderFactory} found through {@link java.util.ServiceLoader}.
 *
 * <p>Providers store; core decides. A provider never sees a token, only records whose every value core
 * computed. Stable: additions will come as default methods.
 */
package io.jwtauth.core.spi;
