package io.spool.client;

/**
 * Where an acknowledged record landed. {@code offset} is -1 with acks=0 (no response) and for a
 * retried batch the broker recognised as a duplicate without remembering its offset.
 */
public record RecordMetadata(TopicPartition topicPartition, long offset, long timestamp,
                             int serializedKeySize, int serializedValueSize) {
    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }
}
