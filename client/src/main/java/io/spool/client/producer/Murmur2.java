package io.spool.client.producer;

/** MurmurHash2 (32-bit, seed 0x9747b28c), the hash Kafka's default partitioner applies to keys. */
public final class Murmur2 {
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2() {
    }

    /** The 32-bit hash of {@code data}. */
    public static int hash(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int blocks = length >>> 2;
        for (int i = 0; i < blocks; i++) {
            int o = i << 2;
            int k = (data[o] & 0xFF) | (data[o + 1] & 0xFF) << 8 | (data[o + 2] & 0xFF) << 16 | (data[o + 3] & 0xFF) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = blocks << 2;
        switch (length & 3) {
            case 3:
                h ^= (data[tail + 2] & 0xFF) << 16;
            case 2:
                h ^= (data[tail + 1] & 0xFF) << 8;
            case 1:
                h ^= data[tail] & 0xFF;
                h *= M;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /** The partition kafka-clients chooses for a serialised key: {@code (hash & 0x7fffffff) % numPartitions}. */
    public static int partitionForKey(byte[] key, int numPartitions) {
        return (hash(key) & 0x7fffffff) % numPartitions;
    }
}
