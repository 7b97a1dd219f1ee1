package io.spool.broker.group;

import io.spool.storage.PartitionLog;

/** The {@code __consumer_offsets} partitions this node leads, as the coordinator appends to and loads them. */
@FunctionalInterface
public interface OffsetsTopicLogs {
    /** Name of the internal topic. */
    String TOPIC = "__consumer_offsets";

    /** The log of {@code partition} and the leader epoch to stamp into appends; null when this node does not lead it. */
    LeaderLog leader(int partition);

    /** A led partition's log and its current leader epoch. */
    record LeaderLog(PartitionLog log, int leaderEpoch) {
    }
}
