package io.spool.storage;

/**
 * The result of a lookup by timestamp. Storage has no codecs: when the answer lies in a compressed batch
 * (CreateTime), {@link #segment()} is non-null, {@link #answer()} is that batch's start (a safe answer), and the
 * caller owns one reference on the segment, which it must {@link SegmentChannel#release() release}, after
 * optionally refining the answer by reading the {@code batchSize} bytes at {@code batchPosition}: the first record
 * with timestamp at or after {@code target} and offset at or after {@code logStartOffset}.
 *
 * @param answer         the final answer when {@code segment} is null, else the batch start
 * @param segment        the segment holding the compressed batch still to look inside, or null
 * @param batchPosition  file position of that batch; -1 when {@code segment} is null
 * @param batchSize      bytes of that batch (header included); 0 when {@code segment} is null
 * @param target         the timestamp searched for (ms)
 * @param logStartOffset records below this offset do not count
 */
public record TimestampLookup(TimestampOffset answer, SegmentChannel segment, long batchPosition, int batchSize,
                              long target, long logStartOffset) {

    /** A final answer, nothing left to look inside. */
    static TimestampLookup of(TimestampOffset answer) {
        return new TimestampLookup(answer, null, -1, 0, -1, -1);
    }

    /** True when the caller holds a reference on a compressed batch it may look inside. */
    public boolean needsRecords() {
        return segment != null;
    }

    /** The answer without looking inside; releases the segment reference if one is held. */
    public TimestampOffset releaseAndAnswer() {
        if (segment != null) {
            segment.release();
        }
        return answer;
    }
}
