/** Request helpers shared by the filter's packages. Internal: not API. */
package io.jwtauth.filter.internal;
