package io.spool.protocol.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.spool.protocol.record.RecordBatchDescriptor.*;

/**
 * Flyweight over one RecordBatch v2 at an absolute index of a big-endian {@link ByteBuffer}: reads and patches
 * fields in place and allocates nothing after construction.
 *
 * <p>Not thread-safe: one view per thread. {@link #computeChecksum()} moves the wrapped buffer's position and
 * limit for the duration of the call and restores them, so no other thread may use that buffer meanwhile.
 */
public final class RecordBatchView {
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer;
    private int offset;

    /**
     * Points the view at the batch starting at absolute index {@code offset} of {@code buffer}; returns this.
     * Fields are read with absolute gets, so the buffer's limit must lie at or beyond the bytes read.
     */
    public RecordBatchView wrap(ByteBuffer buffer, int offset) {
        if (buffer.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("record batches are big-endian: order=" + buffer.order());
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    /** Absolute index of the batch's first byte in {@link #buffer()}. */
    public int offset() {
        return offset;
    }

    public long baseOffset() {
        return buffer.getLong(offset + BASE_OFFSET_OFFSET);
    }

    public void baseOffset(long baseOffset) {
        buffer.putLong(offset + BASE_OFFSET_OFFSET, baseOffset);
    }

    public int batchLength() {
        return buffer.getInt(offset + BATCH_LENGTH_OFFSET);
    }

    /** Bytes the whole batch occupies: {@code LOG_OVERHEAD + batchLength}. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(offset + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public void partitionLeaderEpoch(int epoch) {
        buffer.putInt(offset + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    public byte magic() {
        return buffer.get(offset + MAGIC_OFFSET);
    }

    /** The stored CRC-32C as an unsigned value. */
    public long checksum() {
        return buffer.getInt(offset + CRC_OFFSET) & 0xFFFF_FFFFL;
    }

    public short attributes() {
        return buffer.getShort(offset + ATTRIBUTES_OFFSET);
    }

    public void attributes(short attributes) {
        buffer.putShort(offset + ATTRIBUTES_OFFSET, attributes);
    }

    /** Compression codec id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
    public int compressionCodec() {
        return attributes() & COMPRESSION_CODEC_MASK;
    }

    public boolean isLogAppendTime() {
        return (attributes() & TIMESTAMP_TYPE_MASK) != 0;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControl() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(offset + LAST_OFFSET_DELTA_OFFSET);
    }

    /** {@code baseOffset + lastOffsetDelta}. */
    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    public long baseTimestamp() {
        return buffer.getLong(offset + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(offset + MAX_TIMESTAMP_OFFSET);
    }

    public void maxTimestamp(long timestamp) {
        buffer.putLong(offset + MAX_TIMESTAMP_OFFSET, timestamp);
    }

    public long producerId() {
        return buffer.getLong(offset + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(offset + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(offset + BASE_SEQUENCE_OFFSET);
    }

    /** Sequence of the last record, wrapping past {@code Integer.MAX_VALUE} to 0 as Kafka does. */
    public int lastSequence() {
        int base = baseSequence();
        if (base == NO_SEQUENCE) {
            return NO_SEQUENCE;
        }
        long last = (long) base + lastOffsetDelta();
        return (int) (last > Integer.MAX_VALUE ? last - Integer.MAX_VALUE - 1 : last);
    }

    public int recordsCount() {
        return buffer.getInt(offset + RECORDS_COUNT_OFFSET);
    }

    /**
     * Checks the header against {@code available} bytes from {@link #offset()}: header present, batch length in
     * range and within {@code available}, magic 2, counts consistent, CRC-32C valid. Reads only.
     */
    public BatchStatus validate(int available) {
        BatchStatus header = validateHeader(available);
        if (header != BatchStatus.VALID) {
            return header;
        }
        return isChecksumValid() ? BatchStatus.VALID : BatchStatus.CORRUPT;
    }

    /** {@link #validate(int)} without the CRC: enough to step over the batch safely. */
    public BatchStatus validateHeader(int available) {
        if (available < HEADER_LENGTH) {
            return BatchStatus.TRUNCATED;
        }
        int batchLength = batchLength();
        if (batchLength < MIN_BATCH_LENGTH) {
            return BatchStatus.BAD_LENGTH;
        }
        if (batchLength > available - LOG_OVERHEAD) {
            return BatchStatus.TRUNCATED;
        }
        if (magic() != MAGIC_V2) {
            return BatchStatus.BAD_MAGIC;
        }
        int count = recordsCount();
        int lastOffsetDelta = lastOffsetDelta();
        if (count < 0 || lastOffsetDelta < 0 || (count > 0 && lastOffsetDelta < count - 1)) {
            return BatchStatus.BAD_COUNT;
        }
        if (compressionCodec() == 0 && (long) count * MIN_RECORD_SIZE > batchLength - MIN_BATCH_LENGTH) {
            return BatchStatus.BAD_COUNT;
        }
        return BatchStatus.VALID;
    }

    /** CRC-32C of attributes..end, computed over the bytes as they are now. The header must be valid. */
    public long computeChecksum() {
        int savedPosition = buffer.position();
        int savedLimit = buffer.limit();
        int start = offset + ATTRIBUTES_OFFSET;
        int end = offset + LOG_OVERHEAD + batchLength();
        try {
            if (end > savedLimit) {
                buffer.limit(end);
                buffer.position(start);
            } else {
                buffer.position(start);
                buffer.limit(end);
            }
            crc.reset();
            crc.update(buffer);
            return crc.getValue();
        } finally {
            buffer.limit(savedLimit);
            buffer.position(savedPosition);
        }
    }

    public boolean isChecksumValid() {
        return computeChecksum() == checksum();
    }

    /** Recomputes and stores the CRC-32C, after a change to a covered field (LogAppendTime). */
    public void updateChecksum() {
        buffer.putInt(offset + CRC_OFFSET, (int) computeChecksum());
    }
}
