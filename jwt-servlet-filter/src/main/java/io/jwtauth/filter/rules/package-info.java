/**
 * Path rules: public and protected url-patterns and required roles, in the {@code web.xml} pattern syntax and
 * precedence. Not exported: the {@code jwtauth.paths.*} settings (README) are what is stable.
 */
package io.jwtauth.filter.rules;
