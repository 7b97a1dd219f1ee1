package io.spool.storage;

/**
 * A contiguous range of whole record batches in one segment file, ready for {@code transferTo}.
 * The caller owns one reference on {@link #segment()} when it is non-null and must release it.
 *
 * @param status         OK, OFFSET_OUT_OF_RANGE when the fetch offset is below the log start or above the end,
 *                       or STORAGE_ERROR after an I/O error took the log directory offline
 * @param segment        the segment to read, null when {@code length == 0}
 * @param position       file position of the first batch
 * @param length         bytes of whole batches (a trailing batch may be cut only when the caller allowed it)
 * @param logStartOffset log start offset at the time of the read
 * @param logEndOffset   log end offset at the time of the read
 */
public record ReadResult(Status status, SegmentChannel segment, long position, int length,
                         long logStartOffset, long logEndOffset) {

    /** OK; OFFSET_OUT_OF_RANGE; STORAGE_ERROR when the log directory went offline (KAFKA_STORAGE_ERROR). */
    public enum Status { OK, OFFSET_OUT_OF_RANGE, STORAGE_ERROR }
}
