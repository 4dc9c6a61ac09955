/** The request wrapper that makes the servlet security API answer from the bearer token. Stable. */
package io.jwtauth.filter.wrapper;
