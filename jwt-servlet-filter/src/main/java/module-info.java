/**
 * The drop-in servlet filter. Applications use {@link io.jwtauth.filter.JwtAuthFilter} (in {@code web.xml} or
 * in code); everything else is internal.
 */
// jakarta.servlet 5.0 (the oldest API the filter runs on) names its module in its manifest only.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.jwtauth.filter {
    requires transitive io.jwtauth.core;
    requires transitive jakarta.servlet;
    requires java.management;
    // Jakarta Authentication: only when jwtauth.container-auth registers the module (the container provides it).
    requires static jakarta.security.auth.message;
    requires org.slf4j;
    requires com.github.benmanes.caffeine;
    requires java.xml;

    exports io.jwtauth.filter;

    provides jakarta.servlet.ServletContainerInitializer with io.jwtauth.filter.ContainerAuthInitializer;
}
