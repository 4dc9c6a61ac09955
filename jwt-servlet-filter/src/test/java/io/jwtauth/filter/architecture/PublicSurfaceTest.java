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
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What application code in a WAR can reach from the running filter, on the class path where no module boundary
 * helps (this suite runs on the class path): every public method of the filter, of the service it hands out and of
 * the container authentication it publishes in the servlet context, followed through their return types. Nothing
 * reached can sign a token, and the counters offer no mutator.
 */
class PublicSurfaceTest {
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
