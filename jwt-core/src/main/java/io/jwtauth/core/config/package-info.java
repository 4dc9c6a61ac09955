/**
 * Configuration: the flat {@code jwtauth.*} key space ({@link io.jwtauth.core.config.Settings}), its
 * {@code ${env:...}} and {@code ${sys:...}} references, durations, and {@link
 * io.jwtauth.core.config.ConfigException}, whose message always names the key at fault.
 *
 * <p>Stable: key names are a contract with operators; see the README's configuration reference.
 */
package io.jwtauth.core.config;
