package io.spool.client;

import io.spool.client.record.Header;

import java.util.Objects;

/**
 * A record to send. {@code partition} null lets the partitioner choose (murmur2 of the key, or
 * sticky for null keys); {@code timestamp} null means now.
 */
public record ProducerRecord<K, V>(String topic, Integer partition, Long timestamp, K key, V value, Header[] headers) {
    public ProducerRecord {
        Objects.requireNonNull(topic, "topic");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("invalid partition: partition=" + partition);
        }
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }
}
