package io.spool.broker.handler;

import io.spool.protocol.RecordsPayload;
import io.spool.storage.SegmentChannel;

/**
 * A fetched partition's records in a response under construction: a file range of one segment. Owns one
 * reference on the segment until {@link RequestContext#respond} turns it into a sendfile region, or
 * {@link #release()} drops it.
 */
public record SegmentRecords(SegmentChannel segment, long position, int length) implements RecordsPayload {
    @Override
    public int sizeInBytes() {
        return length;
    }

    /** Drops the reference (a response that is discarded). */
    public void release() {
        segment.release();
    }
}
