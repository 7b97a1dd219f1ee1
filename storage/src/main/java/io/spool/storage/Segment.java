package io.spool.storage;

import java.nio.file.Path;

/**
 * One segment of a partition log: its base offset, its read side ({@link SegmentFile}) and, while it is the
 * active segment or waiting to be sealed, its write side ({@link SegmentMapping}).
 *
 * <p>Writer fields are touched only under the partition lock; fields read by readers are volatile.
 */
final class Segment {
    final long baseOffset;
    final SegmentFile file;
    final long createdMs;

    /** Non-null while the segment is mapped (active, or rolled and not yet sealed). */
    volatile SegmentMapping mapping;
    /** Bytes of whole batches in the file; for the active segment the published end lags the writer. */
    volatile int size;
    /** Offset after the last batch; final once the segment is no longer active. */
    volatile long nextOffset;
    /** Largest batch maxTimestamp in the segment (retention by time), -1 if none. */
    volatile long maxTimestamp = -1;
    /** Position up to which the bytes are forced to disk. */
    volatile int flushedPosition;
    /** Null for sealed segments: the in-memory tail of the offset index. */
    volatile OffsetIndexCache indexCache;

    /** Writer-only: bytes appended since the last offset-index entry. */
    int bytesSinceIndexEntry;
    /** Writer-only: a reservation ahead of the writer was requested and is not done yet. */
    volatile boolean reservePending;
    /** Appender only: the mapping below this position has had its page-table entries dropped. */
    int droppedTo;

    Segment(long baseOffset, SegmentFile file, long createdMs) {
        this.baseOffset = baseOffset;
        this.file = file;
        this.createdMs = createdMs;
        this.nextOffset = baseOffset;
    }

    Path path() {
        return file.path();
    }

    boolean isActiveMapping() {
        return mapping != null;
    }

    static String fileName(long baseOffset) {
        return String.format("%020d.log", baseOffset);
    }

    /** Base offset from a segment file name, or -1 if the name is not {@code <20 digits>.log}. */
    static long parseBaseOffset(String fileName) {
        if (fileName.length() != 24 || !fileName.endsWith(".log")) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < 20; i++) {
            char c = fileName.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    @Override
    public String toString() {
        return "Segment[base=" + baseOffset + ", size=" + size + ", next=" + nextOffset + "]";
    }
}
