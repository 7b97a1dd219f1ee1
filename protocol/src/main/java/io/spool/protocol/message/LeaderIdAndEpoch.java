package io.spool.protocol.message;

/** A partition's current leader and epoch, as reported in tagged fields of Produce and Fetch responses. */
public record LeaderIdAndEpoch(int leaderId, int leaderEpoch) {
    /** Whether this equals the schema default (-1, -1), which is never written. */
    public boolean isDefault() {
        return leaderId == -1 && leaderEpoch == -1;
    }
}
