package io.spool.storage;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Client-style record batches built by kafka-clients (the oracle for the bytes), and read helpers. */
final class TestBatches {
    private TestBatches() {
    }

    /** A batch of {@code count} records with values {@code "<prefix>-<i>"} padded to {@code valueBytes}. */
    static ByteBuffer batch(String prefix, int count, int valueBytes, long timestamp) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(timestamp + i, ("k" + i).getBytes(StandardCharsets.UTF_8), value(prefix + "-" + i, valueBytes));
        }
        return MemoryRecords.withRecords(0L, Compression.NONE, records).buffer();
    }

    static ByteBuffer batch(String prefix, int count) {
        return batch(prefix, count, 16, 1_000L);
    }

    static ByteBuffer idempotent(long producerId, short epoch, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(1_000L + i, null, value("p" + producerId + "-" + (baseSequence + i), 8));
        }
        return MemoryRecords.withIdempotentRecords(0L, Compression.NONE, producerId, epoch, baseSequence, -1, records).buffer();
    }

    static byte[] value(String text, int size) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[Math.max(size, raw.length)];
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    /** The bytes of a read result (and releases its reference). */
    static ByteBuffer bytes(ReadResult result) {
        ByteBuffer out = ByteBuffer.allocate(result.length());
        if (result.segment() == null) {
            return out;
        }
        try {
            while (out.hasRemaining()) {
                int n = result.segment().channel().read(out, result.position() + out.position());
                if (n < 0) {
                    throw new IllegalStateException("short read: position=" + result.position() + ", length=" + result.length());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            result.segment().release();
        }
        return out.flip();
    }

    /** Kafka's view of the bytes a read returned. */
    static MemoryRecords records(ReadResult result) {
        return MemoryRecords.readableRecords(bytes(result));
    }

    static LogConfig config(int segmentBytes) {
        return new LogConfig(segmentBytes, Long.MAX_VALUE / 4, 4096, 1 << 20, -1, -1, Long.MAX_VALUE,
                Long.MAX_VALUE, false, 64 << 10);
    }

    static LogManagerOptions options() {
        return LogManagerOptions.defaults().withMaintenanceIntervalMs(50);
    }
}
