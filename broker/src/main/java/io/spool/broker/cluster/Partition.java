package io.spool.broker.cluster;

import io.spool.config.TopicConfig;
import io.spool.storage.PartitionLog;
import java.util.UUID;

/**
 * A partition this node leads, as the request handlers see it: its log, the leader epoch to stamp into
 * appended batches and the topic's effective configuration. Immutable; replaced when metadata changes.
 */
public record Partition(TopicPartition topicPartition, UUID topicId, PartitionLog log, int leaderEpoch,
                        TopicConfig config) {
}
