package io.spool.broker.network;

import io.netty.channel.DefaultFileRegion;
import io.spool.storage.SegmentChannel;

/**
 * Record bytes of one segment, sent with sendfile(2) by the epoll transport (which recognises
 * {@link DefaultFileRegion} and only it: any other FileRegion goes through {@code transferTo} into a
 * non-socket channel, i.e. a copy through a heap buffer) and with {@code FileChannel.transferTo} by NIO.
 *
 * <p>Unlike a plain {@code DefaultFileRegion}, deallocation does not close the file channel, which is shared
 * by every reader of the segment: it releases the one {@link SegmentChannel} reference this region owns,
 * and the segment closes at its last release.
 */
public final class SegmentFileRegion extends DefaultFileRegion {
    private final SegmentChannel segment;

    /** Takes ownership of one reference on {@code segment}; {@code position} and {@code count} are file bytes. */
    public SegmentFileRegion(SegmentChannel segment, long position, long count) {
        super(segment.channel(), position, count);
        this.segment = segment;
    }

    @Override
    protected void deallocate() {
        segment.release();
    }
}
