/**
 * An in-memory provider: {@link io.jwtauth.core.memory.InMemoryIdentityStore} and {@link
 * io.jwtauth.core.memory.InMemorySessionStore}, for tests and for single-node applications that define
 * their users in code and accept that sessions end on restart. Stable.
 */
package io.jwtauth.core.memory;
