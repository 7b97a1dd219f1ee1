package io.spool.client.internals;

import io.spool.client.TopicPartition;
import io.spool.protocol.Errors;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of the cluster from one Metadata response.
 *
 * @param nodes  node id to address
 * @param topics topic name to its state
 */
public record ClusterImage(Map<Integer, InetSocketAddress> nodes, Map<String, TopicInfo> topics, long fetchedNanos) {

    /** One topic: its error (NONE when usable) and partitions by index. */
    public record TopicInfo(Errors error, List<PartitionInfo> partitions) {
        /** Indexes of partitions that currently have a leader. */
        public List<Integer> available() {
            List<Integer> out = new ArrayList<>();
            for (PartitionInfo p : partitions) {
                if (p.leader() >= 0) {
                    out.add(p.partition());
                }
            }
            return out;
        }
    }

    /** One partition: its leader node id (-1 when none) and leader epoch. */
    public record PartitionInfo(int partition, int leader, int leaderEpoch) {
    }

    public static ClusterImage empty() {
        return new ClusterImage(Map.of(), Map.of(), 0);
    }

    /** The topic if known without error, else null. */
    public TopicInfo topic(String name) {
        TopicInfo t = topics.get(name);
        return t != null && t.error() == Errors.NONE && !t.partitions().isEmpty() ? t : null;
    }

    /** Leader node id of a partition, or -1 when unknown. */
    public int leader(TopicPartition tp) {
        TopicInfo t = topic(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return -1;
        }
        return t.partitions().get(tp.partition()).leader();
    }

    /** Leader epoch of a partition, or -1 when unknown. */
    public int leaderEpoch(TopicPartition tp) {
        TopicInfo t = topic(tp.topic());
        if (t == null || tp.partition() >= t.partitions().size()) {
            return -1;
        }
        return t.partitions().get(tp.partition()).leaderEpoch();
    }
}
