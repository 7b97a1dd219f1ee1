package io.spool.storage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Idempotent-producer state of one partition: for each producer id its epoch and the sequence ranges and
 * offsets of its last {@value #MAX_BATCHES} batches. Classifies an incoming batch as new, duplicate (with the
 * original offsets), out of order, unknown producer or fenced epoch. Guarded by the partition lock.
 */
final class ProducerStateTable {
    static final int MAX_BATCHES = 5;

    static final int NEW = 0;
    static final int DUPLICATE = 1;
    static final int OUT_OF_ORDER = 2;
    static final int FENCED = 3;
    static final int UNKNOWN_PRODUCER = 4;

    private static final class Producer {
        short epoch;
        int count;
        final int[] firstSeq = new int[MAX_BATCHES];
        final int[] lastSeq = new int[MAX_BATCHES];
        final long[] firstOffset = new long[MAX_BATCHES];
        final long[] lastOffset = new long[MAX_BATCHES];

        int newest() {
            return count - 1;
        }

        void add(int first, int last, long firstOff, long lastOff) {
            if (count == MAX_BATCHES) {
                System.arraycopy(firstSeq, 1, firstSeq, 0, MAX_BATCHES - 1);
                System.arraycopy(lastSeq, 1, lastSeq, 0, MAX_BATCHES - 1);
                System.arraycopy(firstOffset, 1, firstOffset, 0, MAX_BATCHES - 1);
                System.arraycopy(lastOffset, 1, lastOffset, 0, MAX_BATCHES - 1);
                count--;
            }
            firstSeq[count] = first;
            lastSeq[count] = last;
            firstOffset[count] = firstOff;
            lastOffset[count] = lastOff;
            count++;
        }
    }

    private final Map<Long, Producer> producers = new HashMap<>();
    /** Set by {@link #check} for {@link #DUPLICATE}: the original offsets. */
    long duplicateFirstOffset;
    long duplicateLastOffset;

    /** Classifies a batch; for {@link #DUPLICATE} the original offsets are left in the duplicate fields. */
    int check(long producerId, short epoch, int firstSeq, int lastSeq) {
        Producer p = producers.get(producerId);
        if (p == null) {
            return firstSeq == 0 ? NEW : UNKNOWN_PRODUCER;
        }
        if (epoch < p.epoch) {
            return FENCED;
        }
        if (epoch > p.epoch) {
            return firstSeq == 0 ? NEW : OUT_OF_ORDER;
        }
        for (int i = 0; i < p.count; i++) {
            if (p.firstSeq[i] == firstSeq && p.lastSeq[i] == lastSeq) {
                duplicateFirstOffset = p.firstOffset[i];
                duplicateLastOffset = p.lastOffset[i];
                return DUPLICATE;
            }
        }
        if (p.count == 0) {
            return NEW;
        }
        return firstSeq == nextSequence(p.lastSeq[p.newest()]) ? NEW : OUT_OF_ORDER;
    }

    static int nextSequence(int sequence) {
        return sequence == Integer.MAX_VALUE ? 0 : sequence + 1;
    }

    /** Records an appended batch (leader, follower or recovery). */
    void record(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
        Producer p = producers.computeIfAbsent(producerId, id -> new Producer());
        if (epoch != p.epoch) {
            p.epoch = epoch;
            p.count = 0;
        }
        p.add(firstSeq, lastSeq, firstOffset, lastOffset);
    }

    /** Forgets batches at or above {@code offset} (log truncation); a producer left with none is dropped. */
    void truncateFrom(long offset) {
        for (Iterator<Producer> it = producers.values().iterator(); it.hasNext(); ) {
            Producer p = it.next();
            while (p.count > 0 && p.lastOffset[p.newest()] >= offset) {
                p.count--;
            }
            if (p.count == 0) {
                it.remove();
            }
        }
    }

    int size() {
        return producers.size();
    }

    void clear() {
        producers.clear();
    }

    byte[] serialize() {
        int bytes = 4;
        for (Producer p : producers.values()) {
            bytes += 8 + 2 + 4 + p.count * 24;
        }
        ByteBuffer b = ByteBuffer.allocate(bytes);
        b.putInt(producers.size());
        for (Map.Entry<Long, Producer> e : producers.entrySet()) {
            Producer p = e.getValue();
            b.putLong(e.getKey()).putShort(p.epoch).putInt(p.count);
            for (int i = 0; i < p.count; i++) {
                b.putInt(p.firstSeq[i]).putInt(p.lastSeq[i]).putLong(p.firstOffset[i]).putLong(p.lastOffset[i]);
            }
        }
        return b.array();
    }

    void load(byte[] bytes) {
        producers.clear();
        if (bytes == null || bytes.length < 4) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
            long id = b.getLong();
            short epoch = b.getShort();
            int count = b.getInt();
            Producer p = new Producer();
            p.epoch = epoch;
            for (int j = 0; j < count; j++) {
                p.add(b.getInt(), b.getInt(), b.getLong(), b.getLong());
            }
            producers.put(id, p);
        }
    }
}
