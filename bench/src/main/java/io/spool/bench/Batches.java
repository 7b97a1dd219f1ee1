package io.spool.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * Client-style Kafka RecordBatch v2 bytes (no compression, no producer id) built for benchmarks, with the
 * CRC-32C a client would compute. Not thread-safe; the returned buffers are heap buffers owned by the caller.
 */
public final class Batches {
    static final int HEADER_BYTES = 61;
    static final int BASE_OFFSET = 0;
    static final int PARTITION_LEADER_EPOCH = 12;
    private static final int CRC = 17;
    private static final int ATTRIBUTES = 21;

    private Batches() {
    }

    /** One batch of {@code count} records, each with a null key and a random value of {@code valueBytes}. */
    public static ByteBuffer batch(int count, int valueBytes, long timestampMs) {
        ByteBuffer records = ByteBuffer.allocate(count * (valueBytes + 32));
        byte[] value = new byte[valueBytes];
        for (int i = 0; i < count; i++) {
            ThreadLocalRandom.current().nextBytes(value);
            writeRecord(records, i, value);
        }
        records.flip();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + records.remaining()).order(ByteOrder.BIG_ENDIAN);
        b.putLong(0L)                        // baseOffset: the broker assigns it
                .putInt(b.capacity() - 12)   // batchLength: bytes after this field
                .putInt(-1)                  // partitionLeaderEpoch
                .put((byte) 2)               // magic
                .putInt(0)                   // crc, filled below
                .putShort((short) 0)         // attributes: no compression, CreateTime
                .putInt(count - 1)           // lastOffsetDelta
                .putLong(timestampMs)        // baseTimestamp
                .putLong(timestampMs)        // maxTimestamp
                .putLong(-1L)                // producerId: not idempotent
                .putShort((short) -1)        // producerEpoch
                .putInt(-1)                  // baseSequence
                .putInt(count)               // records count
                .put(records);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), ATTRIBUTES, b.capacity() - ATTRIBUTES);
        b.putInt(CRC, (int) crc.getValue());
        return b.flip();
    }

    /** A batch of {@code count} records whose total size is as close to {@code batchBytes} as whole records allow. */
    public static ByteBuffer batchOfSize(int count, int batchBytes) {
        int perRecord = (batchBytes - HEADER_BYTES) / count;
        // record overhead: length varint (2) + attributes (1) + timestampDelta (1) + offsetDelta (1)
        // + key length -1 (1) + value length varint (2) + header count (1) = 9 bytes
        return batch(count, perRecord - 9, System.currentTimeMillis());
    }

    /** Restores what a client sends (baseOffset 0, epoch -1) after the broker patched them in place; CRC stays valid. */
    public static void resetForResend(ByteBuffer batch) {
        batch.putLong(batch.position() + BASE_OFFSET, 0L);
        batch.putInt(batch.position() + PARTITION_LEADER_EPOCH, -1);
    }

    private static void writeRecord(ByteBuffer out, int offsetDelta, byte[] value) {
        ByteBuffer body = ByteBuffer.allocate(value.length + 24);
        body.put((byte) 0);                 // attributes
        putVarlong(body, 0);                // timestampDelta
        putVarlong(body, offsetDelta);      // offsetDelta
        putVarlong(body, -1);               // key length: null key
        putVarlong(body, value.length);
        body.put(value);
        putVarlong(body, 0);                // header count
        body.flip();
        putVarlong(out, body.remaining());
        out.put(body);
    }

    private static void putVarlong(ByteBuffer out, long v) {
        long z = (v << 1) ^ (v >> 63);      // zig-zag
        while ((z & ~0x7FL) != 0) {
            out.put((byte) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.put((byte) z);
    }
}
