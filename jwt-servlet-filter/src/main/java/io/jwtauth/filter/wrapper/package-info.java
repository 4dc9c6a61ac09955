/**
 * The request wrapper that makes the servlet security API answer from the bearer token. Not exported: what the
 * servlet API answers (README) is what is stable.
 */
package io.jwtauth.filter.wrapper;
