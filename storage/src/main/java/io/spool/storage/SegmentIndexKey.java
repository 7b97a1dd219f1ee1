package io.spool.storage;

/**
 * Key and value layouts of the RocksDB index, all integers big-endian so that byte order is numeric order.
 *
 * <pre>
 *  key (every column family)            value
 *  +---------------+----------------+
 *  | partitionKey  | sort key       |
 *  |  int64        |  int64 / int8  |
 *  +---------------+----------------+
 *  offset_index:   sort key = batch baseOffset          -> segmentBase int64 | position int32
 *  time_index:     sort key = running max timestamp,    -> baseOffset int64 | segmentBase int64 | position int32
 *                  sign bit flipped (negatives sort first)
 *  partition_meta: sort key = field id, one byte        -> field-specific (see PartitionMeta)
 *  producer_state: no sort key                          -> producer snapshot (see ProducerStateTable)
 * </pre>
 *
 * <p>The partitionKey is a stable id from the metadata log, never derived from the topic name, so a topic
 * deleted and created again never sees the old entries. Every seek checks that it landed inside its prefix.
 */
final class SegmentIndexKey {
    static final int PARTITION_KEY_OFFSET = 0;
    static final int SORT_KEY_OFFSET = 8;
    static final int KEY_LENGTH = 16;
    static final int META_KEY_LENGTH = 9;
    static final int PREFIX_LENGTH = 8;

    static final int OFFSET_VALUE_SEGMENT_BASE = 0;
    static final int OFFSET_VALUE_POSITION = 8;
    static final int OFFSET_VALUE_LENGTH = 12;

    static final int TIME_VALUE_OFFSET = 0;
    static final int TIME_VALUE_SEGMENT_BASE = 8;
    static final int TIME_VALUE_POSITION = 16;
    static final int TIME_VALUE_LENGTH = 20;

    private SegmentIndexKey() {
    }

    static byte[] key(long partitionKey, long sortKey) {
        byte[] key = new byte[KEY_LENGTH];
        putLong(key, PARTITION_KEY_OFFSET, partitionKey);
        putLong(key, SORT_KEY_OFFSET, sortKey);
        return key;
    }

    static byte[] timeKey(long partitionKey, long timestamp) {
        return key(partitionKey, timestamp ^ Long.MIN_VALUE);
    }

    static long timestampOf(byte[] key) {
        return getLong(key, SORT_KEY_OFFSET) ^ Long.MIN_VALUE;
    }

    static byte[] metaKey(long partitionKey, int field) {
        byte[] key = new byte[META_KEY_LENGTH];
        putLong(key, PARTITION_KEY_OFFSET, partitionKey);
        key[SORT_KEY_OFFSET] = (byte) field;
        return key;
    }

    static byte[] prefix(long partitionKey) {
        byte[] key = new byte[PREFIX_LENGTH];
        putLong(key, 0, partitionKey);
        return key;
    }

    /** A key greater than every key of the partition (exclusive end of a range delete). */
    static byte[] prefixEnd(long partitionKey) {
        byte[] key = new byte[KEY_LENGTH + 1];
        putLong(key, 0, partitionKey);
        for (int i = PREFIX_LENGTH; i < key.length; i++) {
            key[i] = (byte) 0xFF;
        }
        return key;
    }

    static boolean hasPrefix(byte[] key, long partitionKey) {
        return key.length >= PREFIX_LENGTH && getLong(key, 0) == partitionKey;
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 3; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    static int getInt(byte[] b, int at) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }
}
