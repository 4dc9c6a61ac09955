package io.jwtauth.core.internal;

/** The one walker of exception causes, for messages that name what actually failed. Stateless. */
public final class Failures {
    private Failures() {
    }

    /** The innermost cause of {@code failure} (itself when it has none); safe against a cause that is itself. */
    public static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
