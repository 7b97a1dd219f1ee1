package io.spool.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reads Kafka's primitive types from a {@link ByteBuf}, advancing its reader index. Every fixed-size read
 * and every declared length or count is checked against the readable bytes before anything is read or
 * allocated; malformed input raises {@link InvalidRequestException}. Stateless and thread-safe.
 */
public final class Decoder {
    private Decoder() {
    }

    private static void need(ByteBuf buf, int n) {
        if (buf.readableBytes() < n) {
            throw InvalidRequestException.truncated(n, buf.readableBytes());
        }
    }

    /** Reads an INT8. */
    public static byte readInt8(ByteBuf buf) {
        need(buf, 1);
        return buf.readByte();
    }

    /** Reads a BOOLEAN (any non-zero byte is true). */
    public static boolean readBool(ByteBuf buf) {
        need(buf, 1);
        return buf.readByte() != 0;
    }

    /** Reads a big-endian INT16. */
    public static short readInt16(ByteBuf buf) {
        need(buf, 2);
        return buf.readShort();
    }

    /** Reads a big-endian UINT16. */
    public static int readUint16(ByteBuf buf) {
        need(buf, 2);
        return buf.readUnsignedShort();
    }

    /** Reads a big-endian INT32. */
    public static int readInt32(ByteBuf buf) {
        need(buf, 4);
        return buf.readInt();
    }

    /** Reads a big-endian UINT32. */
    public static long readUint32(ByteBuf buf) {
        need(buf, 4);
        return buf.readUnsignedInt();
    }

    /** Reads a big-endian INT64. */
    public static long readInt64(ByteBuf buf) {
        need(buf, 8);
        return buf.readLong();
    }

    /** Reads a FLOAT64. */
    public static double readFloat64(ByteBuf buf) {
        need(buf, 8);
        return buf.readDouble();
    }

    /** Reads a UUID (two big-endian longs). */
    public static UUID readUuid(ByteBuf buf) {
        need(buf, 16);
        return new UUID(buf.readLong(), buf.readLong());
    }

    /** Reads an unsigned varint of at most 5 bytes (values above 2^31-1 come back negative). */
    public static int readUnsignedVarint(ByteBuf buf) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(buf, 1);
            int b = buf.readByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new InvalidRequestException("varint longer than 5 bytes: readerIndex=" + buf.readerIndex());
    }

    /** Reads a zigzag-encoded signed varint. */
    public static int readVarint(ByteBuf buf) {
        int raw = readUnsignedVarint(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads an unsigned varlong of at most 10 bytes. */
    public static long readUnsignedVarlong(ByteBuf buf) {
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            need(buf, 1);
            long b = buf.readByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new InvalidRequestException("varlong longer than 10 bytes: readerIndex=" + buf.readerIndex());
    }

    /** Reads a zigzag-encoded signed varlong. */
    public static long readVarlong(ByteBuf buf) {
        long raw = readUnsignedVarlong(buf);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads a length: INT16 (or INT32 when {@code wide}) for classic, unsigned varint minus one for compact; -1 is null. */
    private static int readLength(ByteBuf buf, boolean compact, boolean wide, String what) {
        int len;
        if (compact) {
            len = readUnsignedVarint(buf) - 1;
            if (len < -1) { // the varint exceeded 2^31-1
                throw new InvalidRequestException(what + " length out of range: length=" + Integer.toUnsignedLong(len + 1));
            }
        } else {
            len = wide ? readInt32(buf) : readInt16(buf);
            if (len < -1) {
                throw new InvalidRequestException("negative " + what + " length: length=" + len);
            }
        }
        if (len > buf.readableBytes()) {
            throw new InvalidRequestException(what + " length exceeds remaining bytes: length=" + len
                    + ", remaining=" + buf.readableBytes());
        }
        return len;
    }

    /** Reads a non-null STRING (INT16 length) or COMPACT_STRING. */
    public static String readString(ByteBuf buf, boolean compact) {
        int len = readLength(buf, compact, false, "string");
        if (len < 0) {
            throw new InvalidRequestException("null string where none is allowed: readerIndex=" + buf.readerIndex());
        }
        return readUtf8(buf, len);
    }

    /** Reads a NULLABLE_STRING or COMPACT_NULLABLE_STRING; null stays null. */
    public static String readNullableString(ByteBuf buf, boolean compact) {
        int len = readLength(buf, compact, false, "string");
        return len < 0 ? null : readUtf8(buf, len);
    }

    private static String readUtf8(ByteBuf buf, int len) {
        String s = buf.toString(buf.readerIndex(), len, StandardCharsets.UTF_8);
        buf.skipBytes(len);
        return s;
    }

    /** Reads a non-null BYTES (INT32 length) or COMPACT_BYTES into a fresh array (control path only). */
    public static byte[] readBytes(ByteBuf buf, boolean compact) {
        byte[] b = readNullableBytes(buf, compact);
        if (b == null) {
            throw new InvalidRequestException("null bytes where none are allowed: readerIndex=" + buf.readerIndex());
        }
        return b;
    }

    /** Reads a NULLABLE_BYTES or COMPACT_NULLABLE_BYTES into a fresh array (control path only). */
    public static byte[] readNullableBytes(ByteBuf buf, boolean compact) {
        int len = readLength(buf, compact, true, "bytes");
        if (len < 0) {
            return null;
        }
        byte[] b = new byte[len];
        buf.readBytes(b);
        return b;
    }

    /**
     * Reads a (nullable) RECORDS field as a retained slice of {@code buf} (no copy); the caller releases it.
     * Returns null for a null field.
     */
    public static ByteBuf readRecords(ByteBuf buf, boolean compact) {
        int len = readLength(buf, compact, true, "records");
        return len < 0 ? null : buf.readRetainedSlice(len);
    }

    /**
     * Reads an array count (-1 for a null array) and checks that {@code count * minElementBytes} bytes remain,
     * so that no allocation is sized by an unchecked count.
     */
    public static int readArrayCount(ByteBuf buf, boolean compact, int minElementBytes) {
        int count;
        if (compact) {
            count = readUnsignedVarint(buf) - 1;
            if (count < -1) {
                throw new InvalidRequestException("array count out of range: count=" + Integer.toUnsignedLong(count + 1));
            }
        } else {
            count = readInt32(buf);
            if (count < -1) {
                throw new InvalidRequestException("negative array count: count=" + count);
            }
        }
        if ((long) count * minElementBytes > buf.readableBytes()) {
            throw new InvalidRequestException("array count exceeds remaining bytes: count=" + count
                    + ", minElementBytes=" + minElementBytes + ", remaining=" + buf.readableBytes());
        }
        return count;
    }

    /** Like {@link #readArrayCount} but a null array is malformed. */
    public static int readNonNullArrayCount(ByteBuf buf, boolean compact, int minElementBytes) {
        int count = readArrayCount(buf, compact, minElementBytes);
        if (count < 0) {
            throw new InvalidRequestException("null array where none is allowed: readerIndex=" + buf.readerIndex());
        }
        return count;
    }

    /** A list for {@code count} elements; the initial capacity is capped because a count is only a claim. */
    public static <T> java.util.ArrayList<T> newList(int count) {
        return new java.util.ArrayList<>(Math.min(count, 64));
    }

    /** Reads an array of INT32 (null allowed when {@code nullable}). */
    public static int[] readInt32Array(ByteBuf buf, boolean compact, boolean nullable) {
        int n = nullable ? readArrayCount(buf, compact, 4) : readNonNullArrayCount(buf, compact, 4);
        if (n < 0) {
            return null;
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = buf.readInt();
        }
        return a;
    }

    /** Reads a tagged-field section and skips every field in it (for structs without known tagged fields). */
    public static void skipTaggedFields(ByteBuf buf) {
        int n = readTagCount(buf);
        for (int i = 0; i < n; i++) {
            readUnsignedVarint(buf);
            buf.skipBytes(readTagSize(buf));
        }
    }

    /** Skips a tagged-field section if {@code flexible}, else reads nothing. */
    public static void skipTaggedFields(ByteBuf buf, boolean flexible) {
        if (flexible) {
            skipTaggedFields(buf);
        }
    }

    /** Reads the number of tagged fields, checked against the remaining bytes (each takes at least 2). */
    public static int readTagCount(ByteBuf buf) {
        int n = readUnsignedVarint(buf);
        if (n < 0 || (long) n * 2 > buf.readableBytes()) {
            throw new InvalidRequestException("tagged field count exceeds remaining bytes: count="
                    + Integer.toUnsignedLong(n) + ", remaining=" + buf.readableBytes());
        }
        return n;
    }

    /** Reads a tagged field's size, checked against the remaining bytes. */
    public static int readTagSize(ByteBuf buf) {
        int size = readUnsignedVarint(buf);
        if (size < 0 || size > buf.readableBytes()) {
            throw new InvalidRequestException("tagged field size exceeds remaining bytes: size="
                    + Integer.toUnsignedLong(size) + ", remaining=" + buf.readableBytes());
        }
        return size;
    }

    /** Checks that a known tagged field consumed exactly its declared size. */
    public static void checkTagEnd(ByteBuf buf, int tag, int expectedEnd) {
        if (buf.readerIndex() != expectedEnd) {
            throw new InvalidRequestException("tagged field size mismatch: tag=" + tag + ", end=" + expectedEnd
                    + ", readerIndex=" + buf.readerIndex());
        }
    }

    /** Reads a tagged-field section, handing each known tag to {@code reader} and skipping unknown ones. */
    public static void readTaggedFields(ByteBuf buf, TagReader reader) {
        int n = readTagCount(buf);
        for (int i = 0; i < n; i++) {
            int tag = readUnsignedVarint(buf);
            int size = readTagSize(buf);
            int end = buf.readerIndex() + size;
            if (reader.read(tag, buf)) {
                checkTagEnd(buf, tag, end);
            } else {
                buf.readerIndex(end);
            }
        }
    }

    /** Reads one known tagged field; returns false for an unknown tag (then it is skipped). */
    @FunctionalInterface
    public interface TagReader {
        /** Reads the field's value from {@code buf} if {@code tag} is known and returns true, else returns false. */
        boolean read(int tag, ByteBuf buf);
    }
}
