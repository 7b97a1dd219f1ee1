package io.spool.broker.record;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.spool.protocol.record.RecordBatchDescriptor;
import io.spool.protocol.record.RecordBatchView;
import io.spool.storage.TimestampLookup;
import io.spool.storage.TimestampOffset;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.SnappyInputStream;

/**
 * Finds the first record whose timestamp is at or after a target inside one compressed RecordBatch v2 (gzip,
 * snappy, lz4 frame, zstd), as Kafka answers ListOffsets by timestamp. Reads the batch with one positional read,
 * streams the decompressed records and stops at the first match, so memory stays at one batch plus codec buffers.
 * Blocking I/O and CPU: never call it on an event loop. Stateless; any thread.
 *
 * <p>A batch that cannot be read or decoded (bad CRC, unknown codec, corrupt stream, no matching record) yields
 * the batch start storage already found, never an exception.
 */
public final class BatchTimestampSearch {
    private static final Logger LOG = LoggerFactory.getLogger(BatchTimestampSearch.class);
    private static final int GZIP = 1;
    private static final int SNAPPY = 2;
    private static final int LZ4 = 3;
    private static final int ZSTD = 4;
    /** A record body holds at least attributes, timestamp delta, offset delta, key, value and header count. */
    private static final int MIN_RECORD_BODY = RecordBatchDescriptor.MIN_RECORD_SIZE - 1;

    private BatchTimestampSearch() {
    }

    /**
     * The final answer for {@code lookup}: looks inside the batch it hands over, if any, and always releases the
     * segment reference the lookup carries.
     */
    public static TimestampOffset refine(TimestampLookup lookup) {
        if (!lookup.needsRecords()) {
            return lookup.answer();
        }
        try {
            return search(lookup.segment().channel(), lookup.batchPosition(), lookup.batchSize(), lookup.target(),
                    lookup.logStartOffset(), lookup.answer());
        } finally {
            lookup.segment().release();
        }
    }

    /**
     * The first record with timestamp ≥ {@code target} (ms) and offset ≥ {@code logStartOffset} in the
     * {@code size}-byte batch at {@code position} of {@code channel}; {@code fallback} if there is none or the batch
     * does not decode.
     */
    public static TimestampOffset search(FileChannel channel, long position, int size, long target,
                                         long logStartOffset, TimestampOffset fallback) {
        try {
            if (size < RecordBatchDescriptor.HEADER_LENGTH) {
                return fallback;
            }
            ByteBuffer bytes = ByteBuffer.allocate(size);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, position + bytes.position()) < 0) {
                    return fallback;
                }
            }
            RecordBatchView batch = new RecordBatchView().wrap(bytes, 0);
            if (batch.magic() != RecordBatchDescriptor.MAGIC_V2 || batch.sizeInBytes() != size
                    || !batch.isChecksumValid()) {
                LOG.warn("batch does not decode, answering its start: position={}, size={}, baseOffset={}",
                        position, size, batch.baseOffset());
                return fallback;
            }
            if (batch.isLogAppendTime()) {
                // Kafka's rule: every record of a LogAppendTime batch carries the batch's max timestamp
                return new TimestampOffset(batch.maxTimestamp(), Math.max(batch.baseOffset(), logStartOffset),
                        batch.partitionLeaderEpoch());
            }
            try (InputStream records = decompress(batch.compressionCodec(), bytes.array(),
                    RecordBatchDescriptor.RECORDS_OFFSET, size - RecordBatchDescriptor.RECORDS_OFFSET)) {
                if (records == null) {
                    return fallback;
                }
                TimestampOffset found = walk(records, batch, target, logStartOffset);
                return found != null ? found : fallback;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // a corrupt stream (codecs throw IOException or RuntimeException) or a codec whose native part is missing
            LOG.warn("cannot look inside batch, answering its start: position={}, size={}, target={}, cause={}",
                    position, size, target, e.toString());
            return fallback;
        }
    }

    /** A stream of the decompressed records section, or null for a codec kafka-clients does not produce. */
    private static InputStream decompress(int codec, byte[] bytes, int offset, int length) throws IOException {
        InputStream in = new ByteArrayInputStream(bytes, offset, length);
        InputStream decoded = switch (codec) {
            case GZIP -> new GZIPInputStream(in, 8 << 10);
            case SNAPPY -> new SnappyInputStream(in);
            case LZ4 -> new LZ4FrameInputStream(in);
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            default -> null;
        };
        // records are parsed a varint at a time: buffer so each byte is not a call into the codec
        return decoded == null ? null : new BufferedInputStream(decoded, 16 << 10);
    }

    /** Streams record headers (length, attributes, timestamp delta, offset delta), skipping keys, values, headers. */
    private static TimestampOffset walk(InputStream in, RecordBatchView batch, long target, long logStartOffset)
            throws IOException {
        long baseOffset = batch.baseOffset();
        long baseTimestamp = batch.baseTimestamp();
        int count = batch.recordsCount();
        VarintReader reader = new VarintReader(in);
        for (int i = 0; i < count; i++) {
            int length = (int) reader.readVarlong(5);
            if (length < MIN_RECORD_BODY) {
                return null;
            }
            reader.consumed = 0;
            if (in.read() < 0) {
                return null;
            }
            reader.consumed++;
            long timestamp = baseTimestamp + reader.readVarlong(10);
            long offset = baseOffset + (int) reader.readVarlong(5);
            if (reader.consumed > length) {
                return null;
            }
            if (timestamp >= target && offset >= logStartOffset) {
                return new TimestampOffset(timestamp, offset, batch.partitionLeaderEpoch());
            }
            in.skipNBytes(length - reader.consumed);
        }
        return null;
    }

    /** Zig-zag varints from a stream, counting the bytes consumed. */
    private static final class VarintReader {
        private final InputStream in;
        int consumed;

        VarintReader(InputStream in) {
            this.in = in;
        }

        /** Reads a zig-zag varint of at most {@code maxBytes} bytes; IOException at the end or when too long. */
        long readVarlong(int maxBytes) throws IOException {
            long raw = 0;
            for (int i = 0; i < maxBytes; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("records end inside a varint");
                }
                consumed++;
                raw |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new IOException("varint longer than " + maxBytes + " bytes");
        }
    }
}
