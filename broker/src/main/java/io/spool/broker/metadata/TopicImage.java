package io.spool.broker.metadata;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One topic in the metadata image. Immutable.
 *
 * @param name       topic name
 * @param topicId    Kafka topic id
 * @param partitions partitions by index (list position == partition index)
 * @param configs    topic-level overrides as given (key to raw value)
 * @param internal   true for internal topics such as {@code __consumer_offsets}
 */
public record TopicImage(String name, UUID topicId, List<PartitionImage> partitions, Map<String, String> configs,
                         boolean internal) {

    public TopicImage {
        partitions = List.copyOf(partitions);
        configs = Map.copyOf(configs);
    }

    /** The partition, or null when out of range. */
    public PartitionImage partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }
}
