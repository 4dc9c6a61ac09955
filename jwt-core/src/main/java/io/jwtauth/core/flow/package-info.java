/**
 * The login / renew / logout flow and per-request authentication. Applications build it with
 * {@link io.jwtauth.core.flow.JwtAuth}, call the running {@link io.jwtauth.core.flow.AuthService}, read the request's
 * {@link io.jwtauth.core.flow.AuthenticatedUser}, listen to {@link io.jwtauth.core.flow.AuthEvent}s and read
 * {@link io.jwtauth.core.flow.AuthMetrics} and {@link io.jwtauth.core.flow.AuthCounters}; entry points ask
 * {@link io.jwtauth.core.flow.AuthService#admit} with a {@link io.jwtauth.core.flow.Credential} and a
 * {@link io.jwtauth.core.flow.Requirement}. The flow's parts (sessions and their cache, the change feed, the rules of
 * opening, renewing and ending a session) are package-private.
 *
 * <p>The types applications use stay in the flow's package on purpose (decided for 0.x): the service's constructor,
 * the user's constructors and the counters' mutators are package-private, used by the parts beside them. In a package
 * of their own they would have to be public, and on a web application's class path any code could then make a user or
 * move a counter.
 */
package io.jwtauth.core.flow;
