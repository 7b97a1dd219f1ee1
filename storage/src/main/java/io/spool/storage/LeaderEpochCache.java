package io.spool.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Leader epoch → start offset, in increasing order of both (Kafka's leader-epoch checkpoint). Guarded by the
 * partition lock; serialised into the partition metadata.
 */
final class LeaderEpochCache {
    private int[] epochs = new int[4];
    private long[] startOffsets = new long[4];
    private int size;

    int latestEpoch() {
        return size == 0 ? -1 : epochs[size - 1];
    }

    /** Records that {@code epoch} starts at {@code startOffset}; ignores epochs not above the latest. */
    boolean assign(int epoch, long startOffset) {
        if (epoch < 0 || epoch <= latestEpoch()) {
            return false;
        }
        if (size == epochs.length) {
            epochs = Arrays.copyOf(epochs, size * 2);
            startOffsets = Arrays.copyOf(startOffsets, size * 2);
        }
        epochs[size] = epoch;
        startOffsets[size] = startOffset;
        size++;
        return true;
    }

    /** Drops epochs that start at or after {@code offset} (log truncation). */
    void truncateFrom(long offset) {
        while (size > 0 && startOffsets[size - 1] >= offset) {
            size--;
        }
    }

    /** Start offset of {@code epoch}, or -1 if unknown. */
    long startOffset(int epoch) {
        for (int i = 0; i < size; i++) {
            if (epochs[i] == epoch) {
                return startOffsets[i];
            }
        }
        return -1;
    }

    int size() {
        return size;
    }

    byte[] serialize() {
        ByteBuffer b = ByteBuffer.allocate(4 + size * 12);
        b.putInt(size);
        for (int i = 0; i < size; i++) {
            b.putInt(epochs[i]).putLong(startOffsets[i]);
        }
        return b.array();
    }

    static LeaderEpochCache deserialize(byte[] bytes) {
        LeaderEpochCache cache = new LeaderEpochCache();
        if (bytes == null || bytes.length < 4) {
            return cache;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        for (int i = 0; i < n && b.remaining() >= 12; i++) {
            cache.assign(b.getInt(), b.getLong());
        }
        return cache;
    }
}
