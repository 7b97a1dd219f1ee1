package io.spool.broker.group;

import io.spool.broker.cluster.Partition;
import io.spool.broker.cluster.TopicCreator;
import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.BrokerState;
import io.spool.broker.metadata.TopicImage;
import io.spool.broker.purgatory.DelayTimer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/** Starts the group coordinator inside a broker and builds the group API handlers. */
public final class GroupHandlers {
    /**
     * Settings of {@code __consumer_offsets}: never time- or size-retained (DESIGN §5), and segments small enough
     * that the space reserved ahead of the writer stays small across {@code offsets.topic.num.partitions}.
     */
    static final Map<String, String> OFFSETS_TOPIC_CONFIGS = Map.of(
            "retention.ms", "-1", "retention.bytes", "-1", "segment.bytes", Integer.toString(4 << 20));

    private GroupHandlers() {
    }

    /**
     * Creates {@code __consumer_offsets} if it does not exist (waits for the metadata command; not for an event
     * loop), then starts loading it on the broker's blocking executor. Groups answer COORDINATOR_LOAD_IN_PROGRESS
     * until their partition is loaded.
     */
    public static GroupCoordinatorService start(BrokerState state, TopicCreator creator, DelayTimer timer) throws Exception {
        TopicImage topic = state.metadata().image().topic(OffsetsTopicLogs.TOPIC);
        if (topic == null) {
            int rf = Math.min(state.config().offsetsTopicReplicationFactor(), creator.liveBrokers());
            creator.create(OffsetsTopicLogs.TOPIC, state.config().offsetsTopicNumPartitions(), rf,
                    OFFSETS_TOPIC_CONFIGS, true).get(30, TimeUnit.SECONDS);
            topic = state.metadata().image().topic(OffsetsTopicLogs.TOPIC);
        }
        // the topic's real partition count decides where groups live, whatever the setting says now
        GroupConfig config = GroupConfig.from(state.config()).withOffsetsTopicNumPartitions(topic.partitions().size());
        OffsetsTopicLogs logs = p -> {
            Partition partition = state.partitions().get(OffsetsTopicLogs.TOPIC, p);
            return partition == null ? null : new OffsetsTopicLogs.LeaderLog(partition.log(), partition.leaderEpoch());
        };
        GroupCoordinatorService service = new GroupCoordinatorService(config, logs, partitionExists(state), timer,
                System::currentTimeMillis);
        service.load(state.blockingExecutor());
        return service;
    }

    /** The eleven group APIs, served by {@code service}. */
    public static List<ApiHandler> handlers(GroupCoordinatorService service, BrokerState state) {
        GroupCoordinator groups = service.groups();
        OffsetCoordinator offsets = service.offsets();
        return List.of(
                new FindCoordinatorHandler(groups, state),
                new JoinGroupHandler(groups),
                new SyncGroupHandler(groups),
                new HeartbeatHandler(groups),
                new LeaveGroupHandler(groups),
                new OffsetCommitHandler(offsets),
                new OffsetFetchHandler(offsets),
                new ListGroupsHandler(groups),
                new DescribeGroupsHandler(groups),
                new DeleteGroupsHandler(groups),
                new OffsetDeleteHandler(offsets, partitionExists(state)));
    }

    private static BiPredicate<String, Integer> partitionExists(BrokerState state) {
        return (topic, partition) -> {
            TopicImage t = state.metadata().image().topic(topic);
            return t != null && t.partition(partition) != null;
        };
    }
}
