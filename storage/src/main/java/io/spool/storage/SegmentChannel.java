package io.spool.storage;

import java.nio.channels.FileChannel;

/**
 * A reference-counted read handle on one segment file. A reader that keeps bytes past the call that
 * returned them (a queued sendfile) holds a reference; retention unlinks the file at once but closes
 * the channel only at the last {@link #release()}, and no truncation cuts below a referenced range.
 */
public interface SegmentChannel {
    /** The file to read with positional reads or {@code transferTo}; never written through by readers. */
    FileChannel channel();

    /** Adds a reference; returns this. */
    SegmentChannel retain();

    /** Drops a reference; the channel closes when the count reaches zero. */
    void release();
}
