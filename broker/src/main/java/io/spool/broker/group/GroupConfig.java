package io.spool.broker.group;

import io.spool.config.BrokerConfig;

/**
 * The coordinator's settings, in Kafka's units and with Kafka's key names in the comments.
 *
 * @param minSessionTimeoutMs             {@code group.min.session.timeout.ms}
 * @param maxSessionTimeoutMs             {@code group.max.session.timeout.ms}
 * @param initialRebalanceDelayMs         {@code group.initial.rebalance.delay.ms}
 * @param maxGroupSize                    {@code group.max.size}
 * @param maxMemberMetadataBytes          largest protocol metadata a member may send (the group record must fit
 *                                        in one batch of {@code __consumer_offsets}): Spool only
 * @param offsetMetadataMaxBytes          {@code offset.metadata.max.bytes}
 * @param offsetsRetentionMs              {@code offsets.retention.minutes}, in ms
 * @param offsetsRetentionCheckIntervalMs {@code offsets.retention.check.interval.ms}
 * @param offsetsTopicNumPartitions       {@code offsets.topic.num.partitions}
 * @param offsetsSnapshotIntervalMs       {@code offsets.snapshot.interval.ms} (Spool only): how often each grown
 *                                        {@code __consumer_offsets} partition is snapshotted and truncated
 */
public record GroupConfig(int minSessionTimeoutMs, int maxSessionTimeoutMs, int initialRebalanceDelayMs,
                          int maxGroupSize, int maxMemberMetadataBytes, int offsetMetadataMaxBytes,
                          long offsetsRetentionMs, long offsetsRetentionCheckIntervalMs,
                          int offsetsTopicNumPartitions, long offsetsSnapshotIntervalMs) {

    /** Kafka's defaults. */
    public static GroupConfig defaults() {
        return new GroupConfig(6000, 1_800_000, 3000, Integer.MAX_VALUE, 512 * 1024, 4096,
                7L * 24 * 60 * 60 * 1000, 600_000, 50, 300_000);
    }

    /**
     * From the broker's configuration (every key above). The largest member metadata has no key: it is derived
     * from {@code message.max.bytes} (half of it, at most 512 KiB) so that a group record always fits one batch.
     */
    public static GroupConfig from(BrokerConfig config) {
        GroupConfig d = defaults();
        return new GroupConfig(config.groupMinSessionTimeoutMs(), config.groupMaxSessionTimeoutMs(),
                config.groupInitialRebalanceDelayMs(), config.groupMaxSize(),
                Math.min(d.maxMemberMetadataBytes, config.messageMaxBytes() / 2), config.offsetMetadataMaxBytes(),
                config.offsetsRetentionMs(), config.offsetsRetentionCheckIntervalMs(),
                config.offsetsTopicNumPartitions(), config.offsetsSnapshotIntervalMs());
    }

    public GroupConfig withInitialRebalanceDelayMs(int ms) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, ms, maxGroupSize, maxMemberMetadataBytes,
                offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, offsetsTopicNumPartitions,
                offsetsSnapshotIntervalMs);
    }

    public GroupConfig withMaxGroupSize(int n) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, n,
                maxMemberMetadataBytes, offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs,
                offsetsTopicNumPartitions, offsetsSnapshotIntervalMs);
    }

    public GroupConfig withOffsetsRetentionMs(long ms) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, maxGroupSize,
                maxMemberMetadataBytes, offsetMetadataMaxBytes, ms, offsetsRetentionCheckIntervalMs,
                offsetsTopicNumPartitions, offsetsSnapshotIntervalMs);
    }

    public GroupConfig withOffsetsTopicNumPartitions(int n) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, maxGroupSize,
                maxMemberMetadataBytes, offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs, n,
                offsetsSnapshotIntervalMs);
    }

    public GroupConfig withOffsetsSnapshotIntervalMs(long ms) {
        return new GroupConfig(minSessionTimeoutMs, maxSessionTimeoutMs, initialRebalanceDelayMs, maxGroupSize,
                maxMemberMetadataBytes, offsetMetadataMaxBytes, offsetsRetentionMs, offsetsRetentionCheckIntervalMs,
                offsetsTopicNumPartitions, ms);
    }
}
