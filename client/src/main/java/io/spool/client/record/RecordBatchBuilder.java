package io.spool.client.record;

import io.spool.protocol.record.Varints;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static io.spool.protocol.record.RecordBatchDescriptor.*;

/**
 * Encodes one RecordBatch v2 (magic 2, uncompressed, CreateTime) in place into an off-heap segment;
 * the layout is {@link io.spool.protocol.record.RecordBatchDescriptor}'s.
 *
 * <pre>
 *  0 baseOffset int64          27 baseTimestamp int64
 *  8 batchLength int32         35 maxTimestamp int64
 * 12 partitionLeaderEpoch i32  43 producerId int64
 * 16 magic int8 = 2            51 producerEpoch int16
 * 17 crc uint32 (CRC-32C of   53 baseSequence int32
 *    bytes 21..end)            57 recordsCount int32
 * 21 attributes int16          61 records: varint length, attributes, varlong timestampDelta,
 * 23 lastOffsetDelta int32        varint offsetDelta, key, value, headers
 * </pre>
 *
 * Records are appended by one thread at a time; {@link #seal} writes the header and the CRC and
 * may be called again (e.g. with a new producer epoch) since it rewrites both.
 */
public final class RecordBatchBuilder {

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final Header[] NO_HEADERS = new Header[0];

    private final MemorySegment buffer;
    private long position = RECORDS_OFFSET;
    private int count;
    private long baseTimestamp;
    private long maxTimestamp = -1;

    /** A builder writing from offset 0 of {@code buffer}; the caller owns the buffer. */
    public RecordBatchBuilder(MemorySegment buffer) {
        if (buffer.byteSize() < HEADER_LENGTH) {
            throw new IllegalArgumentException("buffer too small for a batch header: size=" + buffer.byteSize());
        }
        this.buffer = buffer;
    }

    /** Bytes a batch holding just this one record takes. */
    public static int sizeInNewBatch(byte[] key, byte[] value, Header[] headers) {
        int body = bodySize(0, 0, key, value, headers == null ? NO_HEADERS : headers);
        return HEADER_LENGTH + Varints.sizeOfVarint(body) + body;
    }

    /**
     * Appends a record unless it does not fit; returns false (and writes nothing) then.
     *
     * @param timestamp CreateTime in ms since the epoch
     */
    public boolean tryAppend(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (headers == null) {
            headers = NO_HEADERS;
        }
        if (count == 0) {
            baseTimestamp = timestamp;
        }
        long timestampDelta = timestamp - baseTimestamp;
        int body = bodySize(timestampDelta, count, key, value, headers);
        long size = Varints.sizeOfVarint(body) + (long) body;
        if (position + size > buffer.byteSize()) {
            return false;
        }
        long p = Varint.writeInt(buffer, position, body);
        buffer.set(ValueLayout.JAVA_BYTE, p++, (byte) 0);
        p = Varint.writeLong(buffer, p, timestampDelta);
        p = Varint.writeInt(buffer, p, count);
        p = writeBytes(p, key);
        p = writeBytes(p, value);
        p = Varint.writeInt(buffer, p, headers.length);
        for (Header h : headers) {
            p = writeBytes(p, h.key().getBytes(StandardCharsets.UTF_8));
            p = writeBytes(p, h.value());
        }
        position = p;
        count++;
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        return true;
    }

    private long writeBytes(long p, byte[] bytes) {
        if (bytes == null) {
            return Varint.writeInt(buffer, p, -1);
        }
        p = Varint.writeInt(buffer, p, bytes.length);
        MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, p, bytes.length);
        return p + bytes.length;
    }

    private static int bodySize(long timestampDelta, int offsetDelta, byte[] key, byte[] value, Header[] headers) {
        int size = 1 + Varint.sizeOfLong(timestampDelta) + Varints.sizeOfVarint(offsetDelta)
                + bytesSize(key) + bytesSize(value) + Varints.sizeOfVarint(headers.length);
        for (Header h : headers) {
            size += bytesSize(h.key().getBytes(StandardCharsets.UTF_8)) + bytesSize(h.value());
        }
        return size;
    }

    private static int bytesSize(byte[] bytes) {
        return bytes == null ? 1 : Varints.sizeOfVarint(bytes.length) + bytes.length;
    }

    /** Records appended so far. */
    public int recordCount() {
        return count;
    }

    /** Bytes the batch takes so far, header included. */
    public int sizeInBytes() {
        return (int) position;
    }

    /** The largest timestamp appended, or -1 when empty. */
    public long maxTimestamp() {
        return maxTimestamp;
    }

    /** The encoded batch (valid after {@link #seal}); a view of the caller's buffer, not a copy. */
    public MemorySegment batch() {
        return buffer.asSlice(0, position);
    }

    /**
     * Writes the header fields and the CRC-32C; returns the batch length in bytes.
     *
     * @param producerId    -1 without idempotence
     * @param producerEpoch -1 without idempotence
     * @param baseSequence  sequence of the first record, -1 without idempotence
     */
    public int seal(long producerId, short producerEpoch, int baseSequence) {
        if (count == 0) {
            throw new IllegalStateException("cannot seal an empty batch");
        }
        buffer.set(LONG, BASE_OFFSET_OFFSET, 0L);
        buffer.set(INT, BATCH_LENGTH_OFFSET, (int) (position - PARTITION_LEADER_EPOCH_OFFSET));
        buffer.set(INT, PARTITION_LEADER_EPOCH_OFFSET, -1);
        buffer.set(ValueLayout.JAVA_BYTE, MAGIC_OFFSET, MAGIC_V2);
        buffer.set(SHORT, ATTRIBUTES_OFFSET, (short) 0);
        buffer.set(INT, LAST_OFFSET_DELTA_OFFSET, count - 1);
        buffer.set(LONG, BASE_TIMESTAMP_OFFSET, baseTimestamp);
        buffer.set(LONG, MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.set(LONG, PRODUCER_ID_OFFSET, producerId);
        buffer.set(SHORT, PRODUCER_EPOCH_OFFSET, producerEpoch);
        buffer.set(INT, BASE_SEQUENCE_OFFSET, baseSequence);
        buffer.set(INT, RECORDS_COUNT_OFFSET, count);
        CRC32C crc = new CRC32C();
        crc.update(buffer.asSlice(ATTRIBUTES_OFFSET, position - ATTRIBUTES_OFFSET).asByteBuffer());
        buffer.set(INT, CRC_OFFSET, (int) crc.getValue());
        return (int) position;
    }
}
