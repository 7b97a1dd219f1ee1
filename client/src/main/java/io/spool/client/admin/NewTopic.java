package io.spool.client.admin;

import java.util.Map;

/**
 * A topic to create. {@code numPartitions} / {@code replicationFactor} of -1 take the broker's
 * defaults; {@code configs} are topic-level overrides by Kafka's names.
 */
public record NewTopic(String name, int numPartitions, short replicationFactor, Map<String, String> configs) {
    public NewTopic(String name, int numPartitions, short replicationFactor) {
        this(name, numPartitions, replicationFactor, Map.of());
    }
}
