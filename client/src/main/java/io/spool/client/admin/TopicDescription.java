package io.spool.client.admin;

import java.util.List;
import java.util.UUID;

/** A topic as the Metadata API describes it. */
public record TopicDescription(String name, UUID topicId, boolean internal, List<PartitionDescription> partitions) {

    /** One partition: its leader (-1 when none), leader epoch, replicas and in-sync replicas. */
    public record PartitionDescription(int partition, int leader, int leaderEpoch, int[] replicas, int[] isr) {
    }
}
