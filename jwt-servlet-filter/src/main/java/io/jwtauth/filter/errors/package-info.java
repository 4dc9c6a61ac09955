/** Error responses: one pre-rendered status, header and JSON body per {@link io.jwtauth.core.AuthError}. Stable. */
package io.jwtauth.filter.errors;
