/**
 * Error responses: one pre-rendered status, header and JSON body per {@link io.jwtauth.core.AuthError}. Not exported:
 * the error table (README) is what is stable.
 */
package io.jwtauth.filter.errors;
