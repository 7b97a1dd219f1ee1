package io.spool.protocol.record;

import java.nio.ByteBuffer;

import static io.spool.protocol.record.RecordBatchDescriptor.*;

/**
 * Allocation-free cursor over the records of one uncompressed RecordBatch v2: after {@link #next()} returns
 * true, the accessors describe the current record in place (key and value as index ranges of the buffer).
 *
 * <p>Malformed records end the iteration with {@link #isMalformed()} true instead of throwing. Not
 * thread-safe.
 */
public final class RecordIterator {
    private ByteBuffer buffer;
    private long baseOffset;
    private long baseTimestamp;
    private int position;
    private int end;
    private int remaining;
    private boolean malformed;

    private int recordLength;
    private byte recordAttributes;
    private long timestamp;
    private long offset;
    private int keyIndex;
    private int keyLength;
    private int valueIndex;
    private int valueLength;
    private int headerCount;
    private int headersIndex;

    /** Starts iterating the batch under {@code batch}; returns false (and iterates nothing) if it is compressed. */
    public boolean reset(RecordBatchView batch) {
        buffer = batch.buffer();
        baseOffset = batch.baseOffset();
        baseTimestamp = batch.baseTimestamp();
        position = batch.offset() + RECORDS_OFFSET;
        end = batch.offset() + batch.sizeInBytes();
        remaining = batch.recordsCount();
        malformed = false;
        if (batch.compressionCodec() != 0) {
            remaining = 0;
            return false;
        }
        return true;
    }

    /** Advances to the next record; false at the end of the batch or at the first malformed record. */
    public boolean next() {
        if (remaining <= 0 || malformed) {
            return false;
        }
        int start = position;
        recordLength = readVarint();
        if (malformed || recordLength < MIN_RECORD_SIZE - 1 || recordLength > end - position) {
            return fail();
        }
        int recordEnd = position + recordLength;
        int savedEnd = end;
        end = recordEnd;
        recordAttributes = buffer.get(position++);
        timestamp = baseTimestamp + readVarlong();
        offset = baseOffset + readVarint();
        keyLength = readVarint();
        keyIndex = position;
        if (!skip(keyLength)) {
            return fail();
        }
        valueLength = readVarint();
        valueIndex = position;
        if (!skip(valueLength)) {
            return fail();
        }
        headerCount = readVarint();
        headersIndex = position;
        if (malformed || headerCount < 0) {
            return fail();
        }
        for (int i = 0; i < headerCount; i++) {
            int headerKeyLength = readVarint();
            if (headerKeyLength < 0 || !skip(headerKeyLength)) {
                return fail();
            }
            if (!skip(readVarint())) {
                return fail();
            }
        }
        if (malformed || position != recordEnd) {
            return fail();
        }
        end = savedEnd;
        remaining--;
        assert position > start;
        return true;
    }

    /** True when iteration stopped at bytes that do not decode as a record. */
    public boolean isMalformed() {
        return malformed;
    }

    /** Records not yet returned, per the batch header's count. */
    public int remaining() {
        return remaining;
    }

    public byte attributes() {
        return recordAttributes;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    /** Absolute index of the key's first byte; meaningless when {@link #keyLength()} is -1 (null key). */
    public int keyIndex() {
        return keyIndex;
    }

    public int keyLength() {
        return keyLength;
    }

    public int valueIndex() {
        return valueIndex;
    }

    public int valueLength() {
        return valueLength;
    }

    public int headerCount() {
        return headerCount;
    }

    /** Absolute index of the first header (varint key length). */
    public int headersIndex() {
        return headersIndex;
    }

    /** Total encoded size of the current record, including its length prefix. */
    public int sizeInBytes() {
        return recordLength + Varints.sizeOfVarint(recordLength);
    }

    private boolean fail() {
        malformed = true;
        remaining = 0;
        return false;
    }

    /** Skips a length-prefixed field; -1 means null. */
    private boolean skip(int length) {
        if (malformed || length < -1 || length > end - position) {
            malformed = true;
            return false;
        }
        if (length > 0) {
            position += length;
        }
        return true;
    }

    private int readVarint() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (position >= end) {
                malformed = true;
                return 0;
            }
            byte b = buffer.get(position++);
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        malformed = true;
        return 0;
    }

    private long readVarlong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= end) {
                malformed = true;
                return 0;
            }
            byte b = buffer.get(position++);
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        malformed = true;
        return 0;
    }
}
