package io.jwtauth.core.spi;

/**
 * Change keys {@code first..last}, both inclusive: a hole in the feed that the reader is still waiting to see
 * filled by a transaction that committed late.
 */
public record KeyRange(long first, long last) {
    public KeyRange {
        if (first > last) {
            throw new IllegalArgumentException("empty key range " + first + ".." + last);
        }
    }
}
