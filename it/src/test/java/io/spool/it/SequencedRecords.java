package io.spool.it;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Self-checking records: record {@code seq} of a topic goes to partition {@code seq % partitions}
 * with key {@code "k<seq>"}, header {@code seq} (8 bytes) and a value of
 * {@code seq (8) | payload (16..47 bytes, compressible) | CRC-32C of the preceding bytes (4)}.
 * So a consumer knows from the partition and the offset alone which record must be there.
 */
public final class SequencedRecords {
    static final String SEQ_HEADER = "seq";

    private SequencedRecords() {
    }

    /** The record with sequence number {@code seq} for a topic of {@code partitions} partitions. */
    public static ProducerRecord<byte[], byte[]> record(String topic, int partitions, long seq) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(SEQ_HEADER, ByteBuffer.allocate(8).putLong(0, seq).array()));
        return new ProducerRecord<>(topic, (int) (seq % partitions), null, key(seq), value(seq), headers);
    }

    /** The sequence number expected at {@code offset} of {@code partition} (offsets start at 0). */
    public static long expectedSeq(int partitions, int partition, long offset) {
        return partition + offset * partitions;
    }

    /** How many of the first {@code total} records land on {@code partition}. */
    public static long countOn(int partitions, int partition, long total) {
        return total / partitions + (partition < total % partitions ? 1 : 0);
    }

    static byte[] key(long seq) {
        return ("k" + seq).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(long seq) {
        int payload = 16 + (int) (seq % 32);
        ByteBuffer b = ByteBuffer.allocate(8 + payload + 4);
        b.putLong(seq);
        for (int i = 0; i < payload; i++) {
            b.put((byte) ('a' + (seq + i) % 26));
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, 8 + payload);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Checks that {@code r} is exactly the record {@code expectedSeq}; returns null if so, else
     * a description of what is wrong.
     */
    public static String mismatch(ConsumerRecord<byte[], byte[]> r, long expectedSeq) {
        byte[] v = r.value();
        if (v == null || v.length < 12) {
            return "value too short: " + (v == null ? "null" : v.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(v, 0, v.length - 4);
        int stored = ByteBuffer.wrap(v, v.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            return "value CRC-32C mismatch";
        }
        long seq = ByteBuffer.wrap(v).getLong(0);
        if (seq != expectedSeq) {
            return "seq " + seq + " != expected " + expectedSeq;
        }
        if (!Arrays.equals(v, value(seq))) {
            return "value bytes differ for seq " + seq;
        }
        if (!Arrays.equals(r.key(), key(seq))) {
            return "key " + new String(r.key(), StandardCharsets.US_ASCII) + " != k" + seq;
        }
        Header h = r.headers().lastHeader(SEQ_HEADER);
        if (h == null || h.value().length != 8 || ByteBuffer.wrap(h.value()).getLong() != seq) {
            return "header seq missing or wrong for seq " + seq;
        }
        if (r.headers().toArray().length != 1) {
            return "expected exactly 1 header, got " + r.headers().toArray().length;
        }
        return null;
    }
}
