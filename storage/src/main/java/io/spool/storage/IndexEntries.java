package io.spool.storage;

import java.util.Arrays;

/**
 * Growable arrays of offset-index and time-index entries of one partition, in append order (offsets, and the
 * time index's running max timestamps, increase). Not thread-safe: {@link PartitionIndex} guards it.
 */
final class IndexEntries {
    long[] offsets = new long[16];
    long[] offsetSegments = new long[16];
    int[] offsetPositions = new int[16];
    int offsetCount;

    long[] timestamps = new long[4];
    long[] timeOffsets = new long[4];
    long[] timeSegments = new long[4];
    int[] timePositions = new int[4];
    int timeCount;

    void addOffset(long offset, long segmentBase, int position) {
        if (offsetCount == offsets.length) {
            int n = offsetCount * 2;
            offsets = Arrays.copyOf(offsets, n);
            offsetSegments = Arrays.copyOf(offsetSegments, n);
            offsetPositions = Arrays.copyOf(offsetPositions, n);
        }
        offsets[offsetCount] = offset;
        offsetSegments[offsetCount] = segmentBase;
        offsetPositions[offsetCount] = position;
        offsetCount++;
    }

    void addTime(long timestamp, long offset, long segmentBase, int position) {
        if (timeCount == timestamps.length) {
            int n = timeCount * 2;
            timestamps = Arrays.copyOf(timestamps, n);
            timeOffsets = Arrays.copyOf(timeOffsets, n);
            timeSegments = Arrays.copyOf(timeSegments, n);
            timePositions = Arrays.copyOf(timePositions, n);
        }
        timestamps[timeCount] = timestamp;
        timeOffsets[timeCount] = offset;
        timeSegments[timeCount] = segmentBase;
        timePositions[timeCount] = position;
        timeCount++;
    }

    int size() {
        return offsetCount + timeCount;
    }

    void clear() {
        offsetCount = 0;
        timeCount = 0;
    }

    /** Index of the last offset entry at or below {@code offset}, -1 if none. */
    int floorOffset(long offset) {
        return floor(offsets, offsetCount, offset);
    }

    /** Index of the last time entry whose timestamp is at or below {@code timestamp}, -1 if none. */
    int floorTime(long timestamp) {
        return floor(timestamps, timeCount, timestamp);
    }

    private static int floor(long[] keys, int n, long key) {
        int lo = 0;
        int hi = n - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Drops the entries of batches at or above {@code offset} (truncation): they are the tail of both arrays. */
    void truncateFrom(long offset) {
        while (offsetCount > 0 && offsets[offsetCount - 1] >= offset) {
            offsetCount--;
        }
        while (timeCount > 0 && timeOffsets[timeCount - 1] >= offset) {
            timeCount--;
        }
    }

    /** Drops the entries of batches below {@code offset} (retention): they are the head of both arrays. */
    void dropBelow(long offset) {
        int o = 0;
        while (o < offsetCount && offsets[o] < offset) {
            o++;
        }
        if (o > 0) {
            int keep = offsetCount - o;
            System.arraycopy(offsets, o, offsets, 0, keep);
            System.arraycopy(offsetSegments, o, offsetSegments, 0, keep);
            System.arraycopy(offsetPositions, o, offsetPositions, 0, keep);
            offsetCount = keep;
        }
        int t = 0;
        while (t < timeCount && timeOffsets[t] < offset) {
            t++;
        }
        if (t > 0) {
            int keep = timeCount - t;
            System.arraycopy(timestamps, t, timestamps, 0, keep);
            System.arraycopy(timeOffsets, t, timeOffsets, 0, keep);
            System.arraycopy(timeSegments, t, timeSegments, 0, keep);
            System.arraycopy(timePositions, t, timePositions, 0, keep);
            timeCount = keep;
        }
    }
}
