package io.spool.storage;

import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchDescriptor;
import io.spool.protocol.record.RecordBatchView;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Recovery's scan of a segment file with large positional reads: accepts batches while the header and CRC-32C
 * are valid, the baseOffset is the expected next offset and the leader epoch does not go backwards, and stops
 * at the first batch that fails (a torn or zero-filled tail, or a stale batch from before an earlier cut).
 * Not thread-safe; one per recovering thread.
 */
final class SegmentWalker {
    /** Receives each accepted batch; the view is valid only during the call. */
    interface BatchConsumer {
        void accept(RecordBatchView batch, int position);
    }

    private static final int FIRST_READ = 16 << 10;

    private final int maxChunkBytes;
    private ByteBuffer chunk;
    private final RecordBatchView view = new RecordBatchView();
    /** Bytes of the next read: starts small (most active segments hold little) and doubles while batches keep coming. */
    private int readSize;

    long nextOffset;
    int lastEpoch;
    int endPosition;
    long bytesScanned;

    SegmentWalker(int chunkBytes) {
        maxChunkBytes = chunkBytes;
    }

    /**
     * Walks {@code [from, fileEnd)} of {@code channel} expecting {@code expectedOffset} next; afterwards
     * {@link #endPosition} is the end of the last accepted batch and {@link #nextOffset} the offset after it.
     * Returns true when the walk reached {@code fileEnd} exactly (nothing rejected).
     */
    boolean walk(FileChannel channel, int from, long fileEnd, long expectedOffset, int previousEpoch,
                 int maxBatchBytes, BatchConsumer consumer) throws IOException {
        if (chunk == null) {
            chunk = ByteBuffer.allocateDirect(maxChunkBytes);
        }
        readSize = Math.min(FIRST_READ, chunk.capacity());
        nextOffset = expectedOffset;
        lastEpoch = previousEpoch;
        endPosition = from;
        long chunkStart = from;
        int chunkLength = 0;
        int offsetInChunk = 0;
        while (true) {
            long position = chunkStart + offsetInChunk;
            if (position >= fileEnd) {
                return position == fileEnd;
            }
            int available = chunkLength - offsetInChunk;
            if (available < RecordBatchDescriptor.HEADER_LENGTH
                    || available < RecordBatchDescriptor.LOG_OVERHEAD + chunk.getInt(offsetInChunk + RecordBatchDescriptor.BATCH_LENGTH_OFFSET)) {
                if (offsetInChunk == 0 && chunkLength > 0) {
                    // already read from this position: the file ends, or the batch needs a bigger read or chunk
                    if (chunkLength < readSize || chunkLength < RecordBatchDescriptor.HEADER_LENGTH) {
                        return false;
                    }
                    if (readSize < chunk.capacity()) {
                        readSize = chunk.capacity();
                        chunkLength = fill(channel, chunkStart, fileEnd);
                        continue;
                    }
                    long need = RecordBatchDescriptor.LOG_OVERHEAD
                            + (long) chunk.getInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET);
                    if (need <= chunk.capacity() || need > maxBatchBytes || position + need > fileEnd) {
                        return false;
                    }
                    chunk = ByteBuffer.allocateDirect((int) need);
                    readSize = chunk.capacity();
                }
                if (chunkLength > 0) {
                    readSize = Math.min(chunk.capacity(), readSize * 2);
                }
                chunkStart = position;
                offsetInChunk = 0;
                chunkLength = fill(channel, chunkStart, fileEnd);
                if (chunkLength < RecordBatchDescriptor.HEADER_LENGTH) {
                    return false;
                }
                continue;
            }
            view.wrap(chunk, offsetInChunk);
            if (view.validate(available) != BatchStatus.VALID
                    || view.baseOffset() != nextOffset
                    || view.partitionLeaderEpoch() < lastEpoch
                    || view.sizeInBytes() > maxBatchBytes) {
                return false;
            }
            int size = view.sizeInBytes();
            consumer.accept(view, (int) position);
            nextOffset = view.lastOffset() + 1;
            lastEpoch = view.partitionLeaderEpoch();
            offsetInChunk += size;
            endPosition = (int) (position + size);
            bytesScanned += size;
        }
    }

    private int fill(FileChannel channel, long from, long fileEnd) throws IOException {
        chunk.clear();
        int want = (int) Math.min(readSize, fileEnd - from);
        chunk.limit(want);
        while (chunk.hasRemaining()) {
            int n = channel.read(chunk, from + chunk.position());
            if (n < 0) {
                break;
            }
        }
        int read = chunk.position();
        chunk.clear();
        return read;
    }
}
