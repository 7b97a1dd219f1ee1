package io.spool.broker.group;

import io.spool.protocol.Errors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which {@code __consumer_offsets} partitions this node coordinates, and whether each is loaded. A group lives in
 * partition {@code abs(groupId.hashCode()) % n}, as in Kafka. Thread-safe.
 */
public final class CoordinatorPartitions {
    static final int NOT_OWNED = 0;
    static final int LOADING = 1;
    static final int ACTIVE = 2;

    private final AtomicIntegerArray status;

    public CoordinatorPartitions(int numPartitions) {
        if (numPartitions < 1) {
            throw new IllegalArgumentException("offsets.topic.num.partitions must be at least 1: value=" + numPartitions);
        }
        this.status = new AtomicIntegerArray(numPartitions);
    }

    public int count() {
        return status.length();
    }

    /** The partition of {@code __consumer_offsets} that holds the group's records. */
    public int partitionFor(String groupId) {
        int h = groupId.hashCode();
        return (h == Integer.MIN_VALUE ? 0 : Math.abs(h)) % status.length();
    }

    /** NONE, COORDINATOR_LOAD_IN_PROGRESS or NOT_COORDINATOR for requests about a group in {@code partition}. */
    public Errors status(int partition) {
        return switch (status.get(partition)) {
            case ACTIVE -> Errors.NONE;
            case LOADING -> Errors.COORDINATOR_LOAD_IN_PROGRESS;
            default -> Errors.NOT_COORDINATOR;
        };
    }

    void set(int partition, int value) {
        status.set(partition, value);
    }

    /** Marks every partition served and loaded (a coordinator with nothing to load). */
    public void activateAll() {
        for (int i = 0; i < status.length(); i++) {
            status.set(i, ACTIVE);
        }
    }
}
