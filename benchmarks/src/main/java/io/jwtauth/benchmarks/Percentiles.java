package io.jwtauth.benchmarks;

/** Nearest-rank percentiles of sorted samples, the one definition every benchmark prints with. */
final class Percentiles {
    private Percentiles() {
    }

    /** The sample at rank ceil(p·n) of {@code sorted} (ascending); 0 for no samples. */
    static long of(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1))];
    }
}
