package io.spool.broker.group;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The materialised state of one {@code __consumer_offsets} partition at offset S: the latest value of every live
 * key below S (an offset commit or a group's metadata, in the record layouts of {@link GroupRecordDescriptor}),
 * which is exactly what key compaction of the log below S would keep, without its tombstones. Loading is
 * "apply these entries, then replay the log from S" (DESIGN §5).
 *
 * <p>Where it is kept: in the storage engine's RocksDB, in the partition's metadata column family
 * ({@link io.spool.storage.PartitionLog#storeStateSnapshot}), written synced. Chosen over a file next to the
 * segments because that store already holds the partition's other authoritative value (the log start offset),
 * is deleted with the partition (a recreated topic never sees an old snapshot) and replaces the value atomically
 * with no temporary files to clean up. RocksDB has its own block checksums; the CRC-32C here also catches a
 * value that was stored wrong, and a reader that finds it bad never uses the snapshot.
 *
 * <pre>
 * +----------------------------------------------+
 * | int32 magic = 0x53504F53 ("SPOS")            |
 * | int16 version = 0                            |
 * | int64 offset S (state of every record < S)   |
 * | int32 entryCount                             |
 * | entry * entryCount:                          |
 * |   int32 keyLength | key | int32 valueLength | value |
 * | int32 CRC-32C of every byte before it        |
 * +----------------------------------------------+
 * </pre>
 *
 * Big-endian. Not thread-safe; each snapshot or load builds its own.
 */
final class OffsetsSnapshot {
    static final int MAGIC = 0x53504F53;
    static final short VERSION = 0;
    private static final int HEADER_BYTES = 4 + 2 + 8 + 4;

    /** Latest value by key (heap buffers holding exactly the key bytes; content equality). */
    private final Map<ByteBuffer, byte[]> entries = new LinkedHashMap<>();
    private long offset;

    OffsetsSnapshot(long offset) {
        this.offset = offset;
    }

    /** The state covers every record below this offset. */
    long offset() {
        return offset;
    }

    void offset(long offset) {
        this.offset = offset;
    }

    int size() {
        return entries.size();
    }

    /** Applies one record of the log: the key's latest value, or its removal for a tombstone ({@code value} null). */
    void apply(ByteBuffer key, ByteBuffer value) {
        ByteBuffer k = ByteBuffer.wrap(copy(key));
        if (value == null) {
            entries.remove(k);
        } else {
            entries.put(k, copy(value));
        }
    }

    /** Feeds every entry, as a record would be, to {@code visitor}. */
    void forEach(GroupLoader.RecordVisitor visitor) {
        entries.forEach((k, v) -> visitor.record(k.duplicate(), ByteBuffer.wrap(v)));
    }

    byte[] encode() {
        long size = HEADER_BYTES + 4L;
        for (Map.Entry<ByteBuffer, byte[]> e : entries.entrySet()) {
            size += 8L + e.getKey().remaining() + e.getValue().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("__consumer_offsets snapshot too large: bytes=" + size);
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.putInt(MAGIC).putShort(VERSION).putLong(offset).putInt(entries.size());
        entries.forEach((k, v) -> b.putInt(k.remaining()).put(k.duplicate()).putInt(v.length).put(v));
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Decodes what {@link #encode} wrote; a bad checksum, magic, version or length throws {@link IllegalStateException}. */
    static OffsetsSnapshot decode(byte[] bytes) {
        if (bytes.length < HEADER_BYTES + 4) {
            throw new IllegalStateException("snapshot too short: bytes=" + bytes.length);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int stored = b.getInt(bytes.length - 4);
        if (stored != (int) crc.getValue()) {
            throw new IllegalStateException("snapshot checksum mismatch: stored=" + Integer.toHexString(stored)
                    + ", computed=" + Long.toHexString(crc.getValue()));
        }
        if (b.getInt() != MAGIC) {
            throw new IllegalStateException("not a __consumer_offsets snapshot: magic=" + Integer.toHexString(b.getInt(0)));
        }
        short version = b.getShort();
        if (version != VERSION) {
            throw new IllegalStateException("unknown snapshot version " + version + " (a newer broker wrote it)");
        }
        OffsetsSnapshot s = new OffsetsSnapshot(b.getLong());
        int count = b.getInt();
        b.limit(bytes.length - 4);
        for (int i = 0; i < count; i++) {
            ByteBuffer key = slice(b);
            ByteBuffer value = slice(b);
            s.entries.put(key, value.array());
        }
        if (b.hasRemaining() || s.offset < 0) {
            throw new IllegalStateException("malformed snapshot: offset=" + s.offset + ", trailing bytes=" + b.remaining());
        }
        return s;
    }

    private static ByteBuffer slice(ByteBuffer b) {
        if (b.remaining() < 4) {
            throw new IllegalStateException("malformed snapshot: truncated entry");
        }
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalStateException("malformed snapshot: entry length " + n + ", remaining " + b.remaining());
        }
        ByteBuffer out = ByteBuffer.wrap(copy(b.slice(b.position(), n)));
        b.position(b.position() + n);
        return out;
    }

    private static byte[] copy(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
