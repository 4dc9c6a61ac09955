package io.jwtauth.filter.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import io.jwtauth.core.flow.AuthCounters;
import io.jwtauth.core.flow.AuthService;
import io.jwtauth.core.keys.KeyMaterial;
import io.jwtauth.core.keys.KeyRing;
import io.jwtauth.filter.ContainerAuthentication;
import io.jwtauth.filter.JwtAuthFilter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What application code in a WAR can reach from the running filter, on the class path where no module boundary
 * helps (this suite runs on the class path): every public method of the filter, of the service it hands out and of
 * the container authentication it publishes in the servlet context, followed through their return types. Nothing
 * reached can sign a token, and the counters offer no mutator. And javac keeps the filter's parts out of reach: the
 * filter is one package whose only public types are the five that applications, adapters or the container name.
 */
class PublicSurfaceTest {
    /** What may be public, and who needs it so. */
    private static final Set<String> PUBLIC_TYPES = Set.of(
            "io.jwtauth.filter.JwtAuthFilter",              // web.xml and applications
            "io.jwtauth.filter.ContainerAuthentication",    // the Jetty adapters and the sample's launcher
            "io.jwtauth.filter.ContainerErrorServlet",      // registered by embedded-server code
            "io.jwtauth.filter.JwtAuthMetricsMXBean",       // JMX reads only public MXBean interfaces
            "io.jwtauth.filter.ContainerAuthInitializer");  // the container instantiates a service provider

    @Test
    void classPathWhenListingTheFiltersCompiledTypesThenOnlyTheNamedOnesArePublicAndThereIsOnePackage() throws Exception {
        Path classes = Path.of("target/classes");
        Set<String> packages = new TreeSet<>();
        Set<String> publicTypes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(".class", "").replace(file.getFileSystem().getSeparator(), ".");
                if (name.equals("module-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                packages.add(type.getPackageName());
                if (type.getEnclosingClass() == null && Modifier.isPublic(type.getModifiers())) {
                    publicTypes.add(name);
                }
            }
        }
        assertEquals(Set.of("io.jwtauth.filter"), packages, "the filter's packages");
        assertEquals(new TreeSet<>(PUBLIC_TYPES), publicTypes, "public top-level types of the filter");
    }

    @Test
    void publicTypesWhenTheirPublicMembersAreReadThenTheyNameNoPackagePrivateType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (String name : PUBLIC_TYPES) {
            Class<?> type = Class.forName(name);
            for (Method method : type.getMethods()) {
                Stream.concat(Stream.of(method.getReturnType()), Arrays.stream(method.getParameterTypes()))
                        .filter(used -> used.getPackageName().equals("io.jwtauth.filter") && !Modifier.isPublic(used.getModifiers()))
                        .forEach(used -> leaks.add(type.getSimpleName() + "." + method.getName() + " uses " + used.getSimpleName()));
            }
            Arrays.stream(type.getConstructors()).flatMap(constructor -> Arrays.stream(constructor.getParameterTypes()))
                    .filter(used -> used.getPackageName().equals("io.jwtauth.filter") && !Modifier.isPublic(used.getModifiers()))
                    .forEach(used -> leaks.add(type.getSimpleName() + "'s constructor uses " + used.getSimpleName()));
        }
        assertEquals(List.of(), leaks);
    }
    @Test
    void classPathWhenFollowingEveryPublicMethodFromTheFilterThenNoSigningKeyIsReachable() {
        assertFalse(JwtAuthFilter.class.getModule().isNamed(), "this test must run on the class path");
        Set<Class<?>> reachable = reachableFrom(List.of(JwtAuthFilter.class, ContainerAuthentication.class, AuthService.class));
        assertTrue(reachable.contains(AuthService.class) && reachable.contains(AuthCounters.class), "the walk reaches the service");
        for (Class<?> signing : List.of(KeyRing.class, KeyMaterial.class, Algorithm.class)) {
            assertFalse(reachable.contains(signing), signing.getSimpleName() + " is reachable from the filter's public surface");
        }
    }

    @Test
    void countersWhenReachedFromApplicationCodeThenOnlyReadable() {
        List<String> mutators = Arrays.stream(AuthCounters.class.getMethods())
                .filter(method -> method.getDeclaringClass() == AuthCounters.class)
                .filter(method -> method.getReturnType() == void.class)
                .map(Method::getName).toList();
        assertEquals(List.of(), mutators, "public methods of AuthCounters that change it");
    }

    /** The types reachable through public methods' return types, starting from {@code roots}; the JDK's not followed. */
    private static Set<Class<?>> reachableFrom(List<Class<?>> roots) {
        Set<Class<?>> seen = new HashSet<>(roots);
        Deque<Class<?>> queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            Class<?> type = queue.poll();
            for (Method method : type.getMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                Class<?> result = method.getReturnType().isArray() ? method.getReturnType().getComponentType() : method.getReturnType();
                if (result.isPrimitive() || result.getName().startsWith("java.") || result.getName().startsWith("jakarta.")) {
                    continue;
                }
                if (seen.add(result)) {
                    queue.add(result);
                }
            }
        }
        return seen;
    }
}
