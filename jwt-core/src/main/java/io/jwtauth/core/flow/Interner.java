package io.jwtauth.core.flow;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares one instance among equal values that many cached tokens carry (role lists, the claims beyond the
 * standard ones): 100,000 tokens of a few dozen role sets then hold a few dozen sets, not 100,000. Bounded, so
 * that tokens with distinct values cannot grow it: once full, values are returned as they are. Thread-safe.
 */
final class Interner {
    static final int MAXIMUM_SIZE = 4_096;

    private final ConcurrentHashMap<Object, Object> canonical = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    <T> T intern(T value) {
        Object known = canonical.get(value);
        if (known != null) {
            return (T) known;
        }
        if (canonical.size() >= MAXIMUM_SIZE) {
            return value;
        }
        Object raced = canonical.putIfAbsent(value, value);
        return raced != null ? (T) raced : value;
    }

    int size() {
        return canonical.size();
    }
}
