package io.spool.client.producer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kafka's default partitioning: murmur2 of the serialised key for keyed records; for null keys,
 * one partition per topic ("sticky") until about {@code batch.size} bytes have gone to it, then
 * a random other one, preferring partitions that have a leader. Thread-safe.
 */
public final class StickyPartitioner {
    private final int stickyBatchSize;
    private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();

    private static final class Sticky {
        int partition = -1;
        long producedBytes;
    }

    /** @param stickyBatchSize bytes after which a null-key topic moves on ({@code batch.size}) */
    public StickyPartitioner(int stickyBatchSize) {
        this.stickyBatchSize = stickyBatchSize;
    }

    /**
     * The partition for a record.
     *
     * @param available partitions that currently have a leader (may be empty)
     */
    public int partition(String topic, byte[] key, int numPartitions, List<Integer> available) {
        if (key != null) {
            return Murmur2.partitionForKey(key, numPartitions);
        }
        Sticky s = sticky.computeIfAbsent(topic, t -> new Sticky());
        synchronized (s) {
            if (s.partition < 0 || s.partition >= numPartitions) {
                s.partition = pick(-1, numPartitions, available);
                s.producedBytes = 0;
            }
            return s.partition;
        }
    }

    /** Records that {@code bytes} went to {@code partition} of a null-key topic; may move the sticky partition. */
    public void onAppend(String topic, int partition, int bytes, int numPartitions, List<Integer> available) {
        Sticky s = sticky.get(topic);
        if (s == null) {
            return;
        }
        synchronized (s) {
            if (s.partition != partition) {
                return;
            }
            s.producedBytes += bytes;
            if (s.producedBytes >= stickyBatchSize) {
                s.partition = pick(partition, numPartitions, available);
                s.producedBytes = 0;
            }
        }
    }

    private static int pick(int current, int numPartitions, List<Integer> available) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (available != null && !available.isEmpty()) {
            if (available.size() == 1) {
                return available.get(0);
            }
            for (;;) {
                int p = available.get(r.nextInt(available.size()));
                if (p != current) {
                    return p;
                }
            }
        }
        if (numPartitions == 1) {
            return 0;
        }
        for (;;) {
            int p = r.nextInt(numPartitions);
            if (p != current) {
                return p;
            }
        }
    }
}
