package io.spool.client.internals;

import io.spool.client.ConsumerRecord;
import io.spool.client.Deserializer;
import io.spool.client.record.Header;
import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchDescriptor;
import io.spool.protocol.record.RecordBatchView;
import io.spool.protocol.record.RecordIterator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Turns the record bytes of one fetched partition into {@link ConsumerRecord}s from {@code fetchOffset}
 * on; gzip batches are inflated (other codecs are refused with a clear error). A cut trailing batch is normal (the broker fills up to the byte limit); control batches are
 * skipped; a batch with a bad CRC is an error. Keys, values and headers are copied out, so the
 * response buffer can be released afterwards.
 */
public final class FetchParser {
    private final RecordBatchView view = new RecordBatchView();
    private final RecordBatchView inflatedView = new RecordBatchView();
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
                if (view.compressionCodec() == 0) {
                    emit(topic, partition, bytes, view, fetchOffset, keys, values, out);
                } else {
                    ByteBuffer plain = decompress(topic, partition, bytes, view);
                    emit(topic, partition, plain, inflatedView.wrap(plain, 0), fetchOffset, keys, values, out);
                }
            }
            next = Math.max(next, view.lastOffset() + 1);
            pos += view.sizeInBytes();
        }
        return next;
    }

    private <K, V> void emit(String topic, int partition, ByteBuffer bytes, RecordBatchView batch, long fetchOffset,
                             Deserializer<K> keys, Deserializer<V> values, List<ConsumerRecord<K, V>> out) {
        records.reset(batch);
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
                    + " batch at offset " + batch.baseOffset());
        }
    }

    /**
     * An uncompressed copy of a compressed batch: the same header with the codec bits cleared and
     * the length adjusted, then the inflated records. Only gzip is built in (java.util.zip).
     */
    private static ByteBuffer decompress(String topic, int partition, ByteBuffer bytes, RecordBatchView batch) {
        int codec = batch.compressionCodec();
        if (codec != 1) {
            throw new UnsupportedOperationException("compression codec " + codec + " (1=gzip, 2=snappy, 3=lz4, 4=zstd) is "
                    + "not supported, only gzip: " + topic + "-" + partition + " batch at offset " + batch.baseOffset());
        }
        int start = batch.offset() + RecordBatchDescriptor.RECORDS_OFFSET;
        int length = batch.sizeInBytes() - RecordBatchDescriptor.RECORDS_OFFSET;
        byte[] compressed = new byte[length];
        bytes.get(start, compressed);
        byte[] inflated;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            inflated = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot gunzip " + topic + "-" + partition + " batch at offset "
                    + batch.baseOffset() + ": " + e.getMessage(), e);
        }
        ByteBuffer plain = ByteBuffer.allocate(RecordBatchDescriptor.RECORDS_OFFSET + inflated.length);
        byte[] header = new byte[RecordBatchDescriptor.RECORDS_OFFSET];
        bytes.get(batch.offset(), header);
        plain.put(header).put(inflated).flip();
        plain.putInt(RecordBatchDescriptor.BATCH_LENGTH_OFFSET, plain.limit() - RecordBatchDescriptor.LOG_OVERHEAD);
        short attributes = plain.getShort(RecordBatchDescriptor.ATTRIBUTES_OFFSET);
        plain.putShort(RecordBatchDescriptor.ATTRIBUTES_OFFSET,
                (short) (attributes & ~RecordBatchDescriptor.COMPRESSION_CODEC_MASK));
        return plain;
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
