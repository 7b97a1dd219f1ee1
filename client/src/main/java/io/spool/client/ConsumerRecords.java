package io.spool.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The records one poll() returned, in offset order per partition. */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;

    ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
        this.records = records;
    }

    static <K, V> ConsumerRecords<K, V> empty() {
        return new ConsumerRecords<>(new LinkedHashMap<>());
    }

    /** Records of one partition (empty when none). */
    public List<ConsumerRecord<K, V>> records(TopicPartition tp) {
        return records.getOrDefault(tp, List.of());
    }

    /** Partitions with at least one record in this result. */
    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    /** Number of records. */
    public int count() {
        int n = 0;
        for (List<ConsumerRecord<K, V>> l : records.values()) {
            n += l.size();
        }
        return n;
    }

    /** Whether there are no records. */
    public boolean isEmpty() {
        return count() == 0;
    }

    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        List<ConsumerRecord<K, V>> all = new ArrayList<>();
        records.values().forEach(all::addAll);
        return all.iterator();
    }
}
