/** Database plumbing shared by the provider's packages. Internal: not API. */
package io.jwtauth.jdbc.internal;
