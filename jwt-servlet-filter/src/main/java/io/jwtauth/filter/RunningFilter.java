package io.jwtauth.filter;

import io.jwtauth.core.flow.AuthService;

/**
 * Everything the filter builds at {@code init()} ({@link FilterStartup}), published at once and read per request.
 * No servlet type as a component: the Eclipse Transformer leaves a record's component descriptors unrenamed, and the
 * javax variant would keep a jakarta reference.
 */
record RunningFilter(AuthService auth, Endpoints endpoints, ErrorResponses errors, BearerTokens tokens, PathRules rules,
                     JmxMetrics jmx, ContainerAuthentication container, Runnable unpublish) {
}
