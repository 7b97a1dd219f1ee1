package io.spool.protocol.record;

/** Sizes of Kafka's zig-zag varints (the encodings themselves are read by {@link RecordIterator}). */
public final class Varints {
    private Varints() {
    }

    /** Bytes the zig-zag varint encoding of {@code value} takes (1 to 5). */
    public static int sizeOfVarint(int value) {
        int v = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((v & 0xFFFF_FF80) != 0) {
            bytes++;
            v >>>= 7;
        }
        return bytes;
    }
}
