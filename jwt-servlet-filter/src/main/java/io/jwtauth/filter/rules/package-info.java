/**
 * Path rules: public and protected url-patterns and required roles, in the {@code web.xml} pattern syntax.
 * Stable.
 */
package io.jwtauth.filter.rules;
