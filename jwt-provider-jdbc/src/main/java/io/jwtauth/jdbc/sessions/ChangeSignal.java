package io.jwtauth.jdbc.sessions;

/**
 * Push for the revocation feed: tells the other nodes that this one committed a change, so their pollers read
 * the feed at once instead of at their next poll. Polling stays the guarantee; a lost signal costs latency,
 * never a revocation. Thread-safe.
 */
public interface ChangeSignal extends AutoCloseable {
    /** No push (H2, MariaDB, or switched off): nodes poll. */
    ChangeSignal NONE = new ChangeSignal() {
        @Override
        public void changed() {
        }

        @Override
        public AutoCloseable subscribe(Runnable wake) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    };

    /** This node committed a change. Returns at once; the signal is sent (and coalesced) in the background. */
    void changed();

    /** Calls {@code wake} when any node signals, until the result is closed. */
    AutoCloseable subscribe(Runnable wake);

    @Override
    void close();
}
