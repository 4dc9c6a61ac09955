/**
 * Helpers shared by core's packages and the other jwtauth modules: strict base64url, strict JSON and
 * secret handling. Internal: not part of the API, may change in any release.
 */
package io.jwtauth.core.internal;
