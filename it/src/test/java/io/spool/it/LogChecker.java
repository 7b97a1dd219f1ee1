package io.spool.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer-side oracle for {@link SequencedRecords}: every partition must deliver offsets 0, 1, 2...
 * in order, each carrying exactly the record that belongs there; nothing missing, nothing twice.
 * Single-threaded.
 */
final class LogChecker {
    private final Map<String, Integer> partitionsByTopic;
    private final Map<TopicPartition, Long> nextOffset = new HashMap<>();
    private final List<String> errors = new ArrayList<>();
    private long seen;

    LogChecker(Map<String, Integer> partitionsByTopic) {
        this.partitionsByTopic = Map.copyOf(partitionsByTopic);
    }

    /** Checks one record; mismatches are collected (the first 20 kept). */
    void accept(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        long expectedOffset = nextOffset.getOrDefault(tp, 0L);
        if (r.offset() != expectedOffset) {
            error(tp + ": offset " + r.offset() + " where " + expectedOffset + " was expected"
                    + (r.offset() < expectedOffset ? " (duplicate)" : " (gap)"));
        }
        Integer partitions = partitionsByTopic.get(r.topic());
        if (partitions == null) {
            error("record from unexpected topic " + r.topic());
        } else {
            String problem = SequencedRecords.mismatch(r, SequencedRecords.expectedSeq(partitions, r.partition(), r.offset()));
            if (problem != null) {
                error(tp + "@" + r.offset() + ": " + problem);
            }
        }
        nextOffset.put(tp, r.offset() + 1);
        seen++;
    }

    private void error(String e) {
        if (errors.size() < 20) {
            errors.add(e);
        }
    }

    long seen() {
        return seen;
    }

    long nextOffset(TopicPartition tp) {
        return nextOffset.getOrDefault(tp, 0L);
    }

    List<String> errors() {
        return errors;
    }
}
