package io.spool.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Encodes one message (optionally framed by a 4-byte length) into a sequence of parts: {@link ByteBuf} chunks
 * and {@link RecordsPayload} items. A payload ends the current chunk, so a broker can send record bytes by
 * reference. Single-threaded; the parts returned by {@link #finish()} belong to the caller.
 */
public final class MessageWriter {
    private static final int INITIAL_CHUNK = 256;

    private final ByteBufAllocator alloc;
    private final boolean framed;
    private final List<Object> parts = new ArrayList<>(4);
    private ByteBuf current;
    private ByteBuf first;
    private int payloadBytes;
    private boolean finished;

    private MessageWriter(ByteBufAllocator alloc, boolean framed) {
        this.alloc = alloc;
        this.framed = framed;
        if (framed) {
            chunk().writeInt(0); // frame length, patched by finish()
        }
    }

    /** A writer whose output starts with a 4-byte frame length, filled in by {@link #finish()}. */
    public static MessageWriter framed(ByteBufAllocator alloc) {
        return new MessageWriter(alloc, true);
    }

    /** A writer without frame length, on unpooled heap buffers (tests, tagged-field scratch space). */
    public static MessageWriter unframed() {
        return new MessageWriter(UnpooledByteBufAllocator.DEFAULT, false);
    }

    private ByteBuf chunk() {
        if (current == null) {
            current = alloc.buffer(INITIAL_CHUNK);
            if (first == null) {
                first = current;
            }
            parts.add(current);
        }
        return current;
    }

    /** Writes an INT8. */
    public MessageWriter writeInt8(int v) {
        chunk().writeByte(v);
        return this;
    }

    /** Writes a BOOLEAN as 1 or 0. */
    public MessageWriter writeBool(boolean v) {
        chunk().writeByte(v ? 1 : 0);
        return this;
    }

    /** Writes a big-endian INT16. */
    public MessageWriter writeInt16(int v) {
        chunk().writeShort(v);
        return this;
    }

    /** Writes a big-endian INT32. */
    public MessageWriter writeInt32(int v) {
        chunk().writeInt(v);
        return this;
    }

    /** Writes a big-endian UINT32 (the low 32 bits of {@code v}). */
    public MessageWriter writeUint32(long v) {
        chunk().writeInt((int) v);
        return this;
    }

    /** Writes a big-endian INT64. */
    public MessageWriter writeInt64(long v) {
        chunk().writeLong(v);
        return this;
    }

    /** Writes a FLOAT64. */
    public MessageWriter writeFloat64(double v) {
        chunk().writeDouble(v);
        return this;
    }

    /** Writes a UUID as two big-endian longs. */
    public MessageWriter writeUuid(UUID v) {
        chunk().writeLong(v.getMostSignificantBits()).writeLong(v.getLeastSignificantBits());
        return this;
    }

    /** Writes an unsigned varint. */
    public MessageWriter writeUnsignedVarint(int v) {
        ByteBuf b = chunk();
        while ((v & ~0x7f) != 0) {
            b.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b.writeByte(v);
        return this;
    }

    /** Writes a zigzag-encoded varint. */
    public MessageWriter writeVarint(int v) {
        return writeUnsignedVarint((v << 1) ^ (v >> 31));
    }

    /** Writes a zigzag-encoded varlong. */
    public MessageWriter writeVarlong(long v) {
        long raw = (v << 1) ^ (v >> 63);
        ByteBuf b = chunk();
        while ((raw & ~0x7fL) != 0) {
            b.writeByte((int) ((raw & 0x7f) | 0x80));
            raw >>>= 7;
        }
        b.writeByte((int) raw);
        return this;
    }

    private void writeLength(int len, boolean compact, boolean wide) {
        if (compact) {
            writeUnsignedVarint(len + 1);
        } else if (wide) {
            writeInt32(len);
        } else {
            writeInt16(len);
        }
    }

    /** Writes a non-null STRING or COMPACT_STRING. */
    public MessageWriter writeString(String s, boolean compact) {
        if (s == null) {
            throw new IllegalArgumentException("null for a non-nullable string");
        }
        return writeNullableString(s, compact);
    }

    /** Writes a NULLABLE_STRING or COMPACT_NULLABLE_STRING. */
    public MessageWriter writeNullableString(String s, boolean compact) {
        if (s == null) {
            writeLength(-1, compact, false);
            return this;
        }
        int len = ByteBufUtil.utf8Bytes(s);
        if (!compact && len > Short.MAX_VALUE) {
            throw new IllegalArgumentException("string too long: length=" + len);
        }
        writeLength(len, compact, false);
        ByteBufUtil.writeUtf8(chunk(), s);
        return this;
    }

    /** Writes a non-null BYTES or COMPACT_BYTES. */
    public MessageWriter writeBytes(byte[] b, boolean compact) {
        if (b == null) {
            throw new IllegalArgumentException("null for non-nullable bytes");
        }
        return writeNullableBytes(b, compact);
    }

    /** Writes a NULLABLE_BYTES or COMPACT_NULLABLE_BYTES. */
    public MessageWriter writeNullableBytes(byte[] b, boolean compact) {
        if (b == null) {
            writeLength(-1, compact, true);
        } else {
            writeLength(b.length, compact, true);
            chunk().writeBytes(b);
        }
        return this;
    }

    /** Writes an array count (classic INT32 or compact unsigned varint count+1); -1 writes a null array. */
    public MessageWriter writeArrayCount(int count, boolean compact) {
        writeLength(count, compact, true);
        return this;
    }

    /** Writes an INT32 array; null writes a null array. */
    public MessageWriter writeInt32Array(int[] a, boolean compact) {
        if (a == null) {
            return writeArrayCount(-1, compact);
        }
        writeArrayCount(a.length, compact);
        ByteBuf b = chunk();
        for (int v : a) {
            b.writeInt(v);
        }
        return this;
    }

    /** Writes an empty tagged-field section. */
    public MessageWriter writeEmptyTaggedFields() {
        chunk().writeByte(0);
        return this;
    }

    /** Writes an empty tagged-field section if {@code flexible}, else nothing. */
    public MessageWriter writeEmptyTaggedFields(boolean flexible) {
        if (flexible) {
            chunk().writeByte(0);
        }
        return this;
    }

    /**
     * Writes one tagged field: tag, size, then what {@code body} writes. The caller first writes the section's
     * field count ({@link #writeUnsignedVarint}) and then the fields in ascending tag order. Control path: the body
     * is encoded into scratch space to learn its size.
     */
    public MessageWriter writeTaggedField(int tag, Consumer<MessageWriter> body) {
        MessageWriter scratch = unframed();
        body.accept(scratch);
        if (scratch.parts.size() > 1) {
            scratch.discard();
            throw new IllegalStateException("records payload inside a tagged field: tag=" + tag);
        }
        ByteBuf bytes = scratch.current == null ? Unpooled.EMPTY_BUFFER : scratch.current;
        writeUnsignedVarint(tag);
        writeUnsignedVarint(bytes.readableBytes());
        chunk().writeBytes(bytes);
        bytes.release();
        return this;
    }

    /**
     * Writes a (nullable) RECORDS field: the length, then the payload by reference (it ends the current chunk).
     * The writer does not take ownership of the payload.
     */
    public MessageWriter writeRecords(RecordsPayload records, boolean compact) {
        if (records == null) {
            writeLength(-1, compact, true);
            return this;
        }
        int size = records.sizeInBytes();
        writeLength(size, compact, true);
        if (size > 0) {
            chunk();
            parts.add(records);
            payloadBytes += size;
            current = null;
        }
        return this;
    }

    /** Writes a (nullable) RECORDS field from a buffer's readable bytes, by reference; the caller keeps ownership. */
    public MessageWriter writeRecords(ByteBuf records, boolean compact) {
        return writeRecords(records == null ? null : new ByteBufRecords(records.slice()), compact);
    }

    /** The bytes written so far, including the frame length and payloads. */
    public int sizeInBytes() {
        int size = payloadBytes;
        for (Object p : parts) {
            if (p instanceof ByteBuf b) {
                size += b.readableBytes();
            }
        }
        return size;
    }

    /**
     * Ends the message: fills in the frame length (if framed) and returns the parts, {@link ByteBuf} chunks and
     * {@link RecordsPayload} items in wire order. The caller owns the chunks; payloads stay owned by whoever
     * passed them in.
     */
    public List<Object> finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        if (framed) {
            first.setInt(0, sizeInBytes() - 4);
        }
        return parts;
    }

    /**
     * Ends the message and returns it as one buffer owned by the caller: the chunks, plus a retained slice of each
     * {@link ByteBufRecords} payload (the payloads themselves stay owned by whoever passed them in).
     */
    public ByteBuf toByteBuf() {
        List<Object> ps = finish();
        if (ps.size() == 1 && ps.get(0) instanceof ByteBuf b) {
            return b;
        }
        CompositeByteBuf out = Unpooled.compositeBuffer(Math.max(2, ps.size()));
        for (Object p : ps) {
            if (p instanceof ByteBuf b) {
                out.addComponent(true, b);
            } else if (p instanceof ByteBufRecords r) {
                out.addComponent(true, r.buffer().retainedSlice());
            } else {
                throw new IllegalStateException("payload cannot be composed: " + p.getClass().getName());
            }
        }
        return out;
    }

    /** Abandons the message (e.g. after an encoding error) and releases the chunks written so far. */
    public void discard() {
        finished = true;
        for (Object p : parts) {
            if (p instanceof ByteBuf b) {
                b.release();
            }
        }
        parts.clear();
        current = null;
    }

    /** Ends the message and copies it into a byte array, releasing the parts it owns (tests). */
    public byte[] toByteArray() {
        ByteBuf b = toByteBuf();
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
