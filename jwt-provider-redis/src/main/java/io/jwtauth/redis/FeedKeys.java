package io.jwtauth.redis;

/**
 * Change keys as the feed's stream ids. Every change takes the next number of one counter, in the same script that
 * writes it, and is added to the stream under the id {@code <number>-0}: keys are dense and in commit order (a script
 * runs alone), so a reader never waits on a hole.
 */
final class FeedKeys {
    private FeedKeys() {
    }

    static String streamId(long key) {
        return key + "-0";
    }

    /** The change key of a stream id {@code <number>-0}. */
    static long key(String streamId) {
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }
}
