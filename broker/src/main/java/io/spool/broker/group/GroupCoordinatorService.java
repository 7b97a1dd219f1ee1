package io.spool.broker.group;

import io.spool.broker.purgatory.DelayTimer;
import io.spool.protocol.Errors;
import io.spool.broker.purgatory.DelayTimer.Cancellable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator of one broker: membership ({@link GroupCoordinator}), committed offsets
 * ({@link OffsetCoordinator}) and their persistence in {@code __consumer_offsets}. {@link #load} replays the
 * partitions this node leads (off the event loops) from their snapshot and the log after it; until a partition is
 * loaded its groups answer COORDINATOR_LOAD_IN_PROGRESS. Once loaded, every {@code offsets.snapshot.interval.ms}
 * and at {@link #close}, each partition that grew is snapshotted and its log truncated below the snapshot
 * ({@link OffsetsSnapshotter}).
 */
public final class GroupCoordinatorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCoordinatorService.class);

    private final OffsetsTopicLogs logs;
    private final CoordinatorPartitions partitions;
    private final GroupCoordinator groups;
    private final OffsetCoordinator offsets;
    private final OffsetsSnapshotter snapshotter;
    private final GroupConfig config;
    private final DelayTimer timer;
    private volatile Executor executor;
    private volatile Cancellable snapshotTask;
    private volatile boolean closed;

    /**
     * @param partitionExists whether a topic partition exists in the metadata image (OffsetCommit refuses others)
     * @param timer           drives session, rebalance and retention timeouts
     * @param clock           milliseconds, the clock of {@code timer}
     */
    public GroupCoordinatorService(GroupConfig config, OffsetsTopicLogs logs, BiPredicate<String, Integer> partitionExists,
                                   DelayTimer timer, LongSupplier clock) {
        this.logs = logs;
        this.config = config;
        this.timer = timer;
        this.partitions = new CoordinatorPartitions(config.offsetsTopicNumPartitions());
        this.groups = new GroupCoordinator(config, timer, clock, new LogGroupStore(logs, clock), partitions);
        this.offsets = new OffsetCoordinator(groups, partitionExists);
        this.snapshotter = new OffsetsSnapshotter(logs, partitions);
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
        return load(executor, CompletableFuture.completedFuture(null));
    }

    /**
     * As {@link #load(Executor)}, but the replay starts only once {@code ready} completes (normally or not):
     * the broker can accept connections while {@code __consumer_offsets} is still being created. Every
     * partition answers COORDINATOR_LOAD_IN_PROGRESS from this call on until it is loaded.
     */
    public CompletableFuture<Void> load(Executor executor, CompletableFuture<?> ready) {
        this.executor = executor;
        for (int p = 0; p < partitions.count(); p++) {
            partitions.set(p, CoordinatorPartitions.LOADING);
        }
        return ready.handle((r, e) -> {
            if (e != null) {
                LOG.warn("creating {} failed; loading what exists: {}", OffsetsTopicLogs.TOPIC, e.toString());
            }
            return null;
        }).thenRunAsync(() -> {
            long start = System.nanoTime();
            int loadedGroups = 0;
            int fromSnapshot = 0;
            for (int p = 0; p < partitions.count(); p++) {
                OffsetsTopicLogs.LeaderLog leader = closed ? null : logs.leader(p);
                if (leader == null) {
                    partitions.set(p, CoordinatorPartitions.NOT_OWNED);
                    continue;
                }
                try {
                    GroupLoader.Loaded loaded = GroupLoader.load(leader.log());
                    groups.install(loaded.groups().values());
                    loadedGroups += loaded.groups().size();
                    fromSnapshot += loaded.snapshotOffset() >= 0 ? 1 : 0;
                    snapshotter.loaded(p, loaded.snapshotOffset());
                    partitions.set(p, CoordinatorPartitions.ACTIVE);
                } catch (RuntimeException e) {
                    // refuse to serve rather than serve offsets we could not read: clients get NOT_COORDINATOR
                    partitions.set(p, CoordinatorPartitions.NOT_OWNED);
                    if (closed) {
                        continue;  // the broker is stopping (maybe it failed to start): its storage is closing
                    }
                    LOG.error("could not load {}-{}: its groups are not served", OffsetsTopicLogs.TOPIC, p, e);
                }
            }
            offsets.startExpiry();
            scheduleSnapshots();
            LOG.info("group coordinator loaded: partitions={}, fromSnapshot={}, groups={}, ms={}", partitions.count(),
                    fromSnapshot, loadedGroups, (System.nanoTime() - start) / 1_000_000);
        }, executor);
    }

    private void scheduleSnapshots() {
        if (closed) {
            return;
        }
        snapshotTask = timer.schedule(() -> {
            try {
                executor.execute(() -> {
                    if (!closed) {
                        snapshotter.snapshotAll();
                    }
                    scheduleSnapshots();
                });
            } catch (RejectedExecutionException stopping) {
                // the broker is stopping: close() takes the last snapshot
            }
        }, config.offsetsSnapshotIntervalMs());
    }

    /** Snapshots and truncates every grown partition now (tests, tools); returns how many. Blocking. */
    int snapshotNow() {
        return snapshotter.snapshotAll();
    }

    OffsetsSnapshotter snapshotter() {
        return snapshotter;
    }

    /** NONE when {@code groupId} is served here now (for FindCoordinator and every group request). */
    public Errors checkCoordinator(String groupId) {
        return groups.checkCoordinator(groupId);
    }

    /**
     * Stops offset expiry, snapshots and every group timeout, then takes a last snapshot of every grown partition
     * (so that the next start replays little); nothing else to flush: every change is already appended. Must run
     * before the storage engine closes. Blocking.
     */
    @Override
    public void close() {
        stop();
        snapshotter.snapshotAll();
    }

    /** Stops every timer without the last snapshot: the coordinator's side of a crash (tests). */
    void stop() {
        closed = true;
        Cancellable t = snapshotTask;
        if (t != null) {
            t.cancel();
        }
        offsets.stopExpiry();
        groups.shutdown();
    }
}
