package io.spool.storage;

import io.spool.protocol.record.RecordBatchDescriptor;
import io.spool.protocol.record.RecordBatchView;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads RecordBatch v2 headers from a segment file with positional reads (never through the mapping) into a
 * reused direct buffer. One instance per thread ({@link #get()}).
 */
final class BatchHeaderReader {
    private static final ThreadLocal<BatchHeaderReader> READERS = ThreadLocal.withInitial(BatchHeaderReader::new);

    private final ByteBuffer header = ByteBuffer.allocateDirect(RecordBatchDescriptor.HEADER_LENGTH);
    private final RecordBatchView view = new RecordBatchView().wrap(header, 0);

    static BatchHeaderReader get() {
        return READERS.get();
    }

    /**
     * Reads the header at {@code position}; returns the view over it, or null if fewer than a header's bytes lie
     * before {@code end} or the header is not a plausible v2 batch ending at or before {@code end}.
     */
    RecordBatchView read(FileChannel channel, long position, long end) throws IOException {
        if (end - position < RecordBatchDescriptor.HEADER_LENGTH) {
            return null;
        }
        header.clear();
        while (header.hasRemaining()) {
            int n = channel.read(header, position + header.position());
            if (n < 0) {
                return null;
            }
        }
        header.clear();
        int batchLength = view.batchLength();
        if (batchLength < RecordBatchDescriptor.MIN_BATCH_LENGTH || view.magic() != RecordBatchDescriptor.MAGIC_V2
                || position + RecordBatchDescriptor.LOG_OVERHEAD + batchLength > end) {
            return null;
        }
        return view;
    }
}
