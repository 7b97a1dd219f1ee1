package io.spool.broker.group;

import io.spool.protocol.record.RecordBatchView;
import io.spool.protocol.record.Varints;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.spool.protocol.record.RecordBatchDescriptor.*;

/**
 * Builds one uncompressed RecordBatch v2 (CreateTime, no producer id) of key/value records, the form every
 * {@code __consumer_offsets} append takes. A null value is a tombstone. Not thread-safe; one batch per builder.
 */
final class CoordinatorBatchBuilder {
    private final List<byte[]> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();

    CoordinatorBatchBuilder add(byte[] key, byte[] value) {
        keys.add(key);
        values.add(value);
        return this;
    }

    int count() {
        return keys.size();
    }

    /** The batch, position 0 to limit, with baseOffset 0 and a valid CRC-32C; {@code timestampMs} on every record. */
    ByteBuffer build(long timestampMs) {
        int n = keys.size();
        if (n == 0) {
            throw new IllegalStateException("empty batch");
        }
        int recordsSize = 0;
        int[] bodySizes = new int[n];
        for (int i = 0; i < n; i++) {
            bodySizes[i] = recordBodySize(i);
            recordsSize += Varints.sizeOfVarint(bodySizes[i]) + bodySizes[i];
        }
        ByteBuffer b = ByteBuffer.allocate(RECORDS_OFFSET + recordsSize);
        b.putLong(BASE_OFFSET_OFFSET, 0L);
        b.putInt(BATCH_LENGTH_OFFSET, b.capacity() - LOG_OVERHEAD);
        b.putInt(PARTITION_LEADER_EPOCH_OFFSET, NO_PARTITION_LEADER_EPOCH);
        b.put(MAGIC_OFFSET, MAGIC_V2);
        b.putShort(ATTRIBUTES_OFFSET, (short) 0);
        b.putInt(LAST_OFFSET_DELTA_OFFSET, n - 1);
        b.putLong(BASE_TIMESTAMP_OFFSET, timestampMs);
        b.putLong(MAX_TIMESTAMP_OFFSET, timestampMs);
        b.putLong(PRODUCER_ID_OFFSET, -1L);
        b.putShort(PRODUCER_EPOCH_OFFSET, (short) -1);
        b.putInt(BASE_SEQUENCE_OFFSET, NO_SEQUENCE);
        b.putInt(RECORDS_COUNT_OFFSET, n);
        b.position(RECORDS_OFFSET);
        for (int i = 0; i < n; i++) {
            putVarint(b, bodySizes[i]);
            b.put((byte) 0);            // record attributes
            putVarint(b, 0);            // timestamp delta
            putVarint(b, i);            // offset delta
            putVarint(b, keys.get(i).length);
            b.put(keys.get(i));
            byte[] v = values.get(i);
            if (v == null) {
                putVarint(b, -1);
            } else {
                putVarint(b, v.length);
                b.put(v);
            }
            putVarint(b, 0);            // headers
        }
        b.flip();
        new RecordBatchView().wrap(b, 0).updateChecksum();
        return b;
    }

    private int recordBodySize(int i) {
        byte[] k = keys.get(i);
        byte[] v = values.get(i);
        return 1 + Varints.sizeOfVarint(0) + Varints.sizeOfVarint(i)
                + Varints.sizeOfVarint(k.length) + k.length
                + (v == null ? Varints.sizeOfVarint(-1) : Varints.sizeOfVarint(v.length) + v.length)
                + Varints.sizeOfVarint(0);
    }

    private static void putVarint(ByteBuffer b, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFF_FF80) != 0) {
            b.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }
}
