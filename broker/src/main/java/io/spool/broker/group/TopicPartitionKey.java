package io.spool.broker.group;

/** A topic name and partition index, the key of a committed offset. */
public record TopicPartitionKey(String topic, int partition) implements Comparable<TopicPartitionKey> {
    @Override
    public int compareTo(TopicPartitionKey o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
