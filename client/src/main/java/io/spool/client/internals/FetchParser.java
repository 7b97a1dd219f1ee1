package io.spool.client.internals;

import io.spool.client.ConsumerRecord;
import io.spool.client.Deserializer;
import io.spool.client.record.Header;
import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchView;
import io.spool.protocol.record.RecordIterator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the record bytes of one fetched partition into {@link ConsumerRecord}s from {@code fetchOffset}
 * on. A cut trailing batch is normal (the broker fills up to the byte limit); control batches are
 * skipped; a batch with a bad CRC is an error. Keys, values and headers are copied out, so the
 * response buffer can be released afterwards.
 */
public final class FetchParser {
    private final RecordBatchView view = new RecordBatchView();
    private final RecordIterator records = new RecordIterator();
    private final boolean checkCrcs;

    public FetchParser(boolean checkCrcs) {
        this.checkCrcs = checkCrcs;
    }

    /**
     * Appends the records at or after {@code fetchOffset} to {@code out}; returns the offset to fetch
     * next (past the last whole batch), or {@code fetchOffset} if no whole batch was present.
     */
    public <K, V> long parse(String topic, int partition, ByteBuffer bytes, long fetchOffset,
                             Deserializer<K> keys, Deserializer<V> values, List<ConsumerRecord<K, V>> out) {
        long next = fetchOffset;
        int pos = bytes.position();
        int limit = bytes.limit();
        while (pos < limit) {
            view.wrap(bytes, pos);
            BatchStatus status = checkCrcs ? view.validate(limit - pos) : view.validateHeader(limit - pos);
            if (status == BatchStatus.TRUNCATED) {
                break;
            }
            if (status != BatchStatus.VALID) {
                throw new IllegalStateException("invalid record batch in " + topic + "-" + partition + " at offset "
                        + view.baseOffset() + ": " + status);
            }
            if (!view.isControl() && view.lastOffset() >= fetchOffset) {
                if (!records.reset(view)) {
                    throw new UnsupportedOperationException("compressed batches are not supported yet: " + topic + "-"
                            + partition + " offset " + view.baseOffset() + " codec=" + view.compressionCodec());
                }
                while (records.next()) {
                    if (records.offset() < fetchOffset) {
                        continue;
                    }
                    byte[] k = copy(bytes, records.keyIndex(), records.keyLength());
                    byte[] v = copy(bytes, records.valueIndex(), records.valueLength());
                    out.add(new ConsumerRecord<>(topic, partition, records.offset(), records.timestamp(),
                            keys.deserialize(topic, k), values.deserialize(topic, v),
                            headers(bytes, records.headersIndex(), records.headerCount())));
                }
                if (records.isMalformed()) {
                    throw new IllegalStateException("malformed record in " + topic + "-" + partition
                            + " batch at offset " + view.baseOffset());
                }
            }
            next = Math.max(next, view.lastOffset() + 1);
            pos += view.sizeInBytes();
        }
        return next;
    }

    private static byte[] copy(ByteBuffer b, int index, int length) {
        if (length < 0) {
            return null;
        }
        byte[] out = new byte[length];
        b.get(index, out);
        return out;
    }

    private static Header[] headers(ByteBuffer b, int index, int count) {
        if (count == 0) {
            return new Header[0];
        }
        Header[] out = new Header[count];
        int[] pos = {index};
        for (int i = 0; i < count; i++) {
            int kl = readVarint(b, pos);
            byte[] key = copy(b, pos[0], kl);
            pos[0] += kl;
            int vl = readVarint(b, pos);
            byte[] value = copy(b, pos[0], vl);
            pos[0] += Math.max(vl, 0);
            out[i] = new Header(new String(key, StandardCharsets.UTF_8), value);
        }
        return out;
    }

    /** A zig-zag varint; the record iterator has already checked the bounds. */
    private static int readVarint(ByteBuffer b, int[] pos) {
        int raw = 0;
        int shift = 0;
        for (;;) {
            byte x = b.get(pos[0]++);
            raw |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                break;
            }
            shift += 7;
        }
        return (raw >>> 1) ^ -(raw & 1);
    }
}
