/** jwtauth's meters for Micrometer (an optional dependency: only this package needs it). */
package io.jwtauth.core.metrics;
