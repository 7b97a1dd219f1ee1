package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import io.spool.protocol.Errors;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of one broker: membership ({@link GroupCoordinator}), committed offsets
 * ({@link OffsetCoordinator}) and their persistence in {@code __consumer_offsets}. {@link #load} replays the
 * partitions this node leads (off the event loops); until a partition is loaded its groups answer
 * COORDINATOR_LOAD_IN_PROGRESS.
 */
public final class GroupCoordinatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinatorService.class);

    private final OffsetsTopicLogs logs;
    private final CoordinatorPartitions partitions;
    private final GroupCoordinator groups;
    private final OffsetCoordinator offsets;

    /**
     * @param partitionExists whether a topic partition exists in the metadata image (OffsetCommit refuses others)
     * @param timer           drives session, rebalance and retention timeouts
     * @param clock           milliseconds, the clock of {@code timer}
     */
    public GroupCoordinatorService(GroupConfig config, OffsetsTopicLogs logs, BiPredicate<String, Integer> partitionExists,
                                   DelayTimer timer, LongSupplier clock) {
        this.logs = logs;
        this.partitions = new CoordinatorPartitions(config.offsetsTopicNumPartitions());
        this.groups = new GroupCoordinator(config, timer, clock, new LogGroupStore(logs, clock), partitions);
        this.offsets = new OffsetCoordinator(groups, partitionExists);
    }

    public GroupCoordinator groups() {
        return groups;
    }

    public OffsetCoordinator offsets() {
        return offsets;
    }

    public CoordinatorPartitions partitions() {
        return partitions;
    }

    /**
     * Loads every {@code __consumer_offsets} partition this node leads on {@code executor}, then starts offset
     * expiry. The {@code __consumer_offsets} topic must exist. Completes when all are loaded.
     */
    public CompletableFuture<Void> load(Executor executor) {
        for (int p = 0; p < partitions.count(); p++) {
            partitions.set(p, CoordinatorPartitions.LOADING);
        }
        return CompletableFuture.runAsync(() -> {
            long start = System.nanoTime();
            int loadedGroups = 0;
            for (int p = 0; p < partitions.count(); p++) {
                OffsetsTopicLogs.LeaderLog leader = logs.leader(p);
                if (leader == null) {
                    partitions.set(p, CoordinatorPartitions.NOT_OWNED);
                    continue;
                }
                try {
                    Map<String, GroupLoader.LoadedGroup> loaded = GroupLoader.replay(leader.log());
                    groups.install(loaded.values());
                    loadedGroups += loaded.size();
                    partitions.set(p, CoordinatorPartitions.ACTIVE);
                } catch (RuntimeException e) {
                    // refuse to serve rather than serve offsets we could not read: clients get NOT_COORDINATOR
                    LOG.error("could not load {}-{}: its groups are not served", OffsetsTopicLogs.TOPIC, p, e);
                    partitions.set(p, CoordinatorPartitions.NOT_OWNED);
                }
            }
            offsets.startExpiry();
            LOG.info("group coordinator loaded: partitions={}, groups={}, ms={}", partitions.count(), loadedGroups,
                    (System.nanoTime() - start) / 1_000_000);
        }, executor);
    }

    /** NONE when {@code groupId} is served here now (for FindCoordinator and every group request). */
    public Errors checkCoordinator(String groupId) {
        return groups.checkCoordinator(groupId);
    }

    /** Stops offset expiry and every group timeout; nothing to flush (every change is already appended). */
    @Override
    public void close() {
        offsets.stopExpiry();
        groups.shutdown();
    }
}
