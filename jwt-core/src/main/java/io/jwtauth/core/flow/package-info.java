/**
 * The login / renew / logout flow and per-request authentication: {@link io.jwtauth.core.flow.AuthService},
 * configured by {@link io.jwtauth.core.flow.AuthSettings}, reporting {@link io.jwtauth.core.flow.AuthEvent}s.
 *
 * <p>Stable API. Internally: the session-state cache fed by the store's change feed.
 */
package io.jwtauth.core.flow;
