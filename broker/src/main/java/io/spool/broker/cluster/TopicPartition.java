package io.spool.broker.cluster;

/** A topic name and partition index; the key for partition lookups and purgatory watches. */
public record TopicPartition(String topic, int partition) {
    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
