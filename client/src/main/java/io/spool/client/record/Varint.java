package io.spool.client.record;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Writes zig-zag varints into a MemorySegment (sizes of ints: {@link io.spool.protocol.record.Varints}). */
public final class Varint {
    private Varint() {
    }

    /** Bytes the zig-zag encoding of {@code value} takes (1..10). */
    public static int sizeOfLong(long value) {
        long v = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static long writeInt(MemorySegment seg, long offset, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & 0xFFFFFF80) != 0) {
            seg.set(ValueLayout.JAVA_BYTE, offset++, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        seg.set(ValueLayout.JAVA_BYTE, offset++, (byte) v);
        return offset;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static long writeLong(MemorySegment seg, long offset, long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & 0xFFFFFFFFFFFFFF80L) != 0) {
            seg.set(ValueLayout.JAVA_BYTE, offset++, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        seg.set(ValueLayout.JAVA_BYTE, offset++, (byte) v);
        return offset;
    }
}
