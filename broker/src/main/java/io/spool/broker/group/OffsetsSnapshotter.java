package io.spool.broker.group;

import io.spool.protocol.Errors;
import io.spool.storage.PartitionLog;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code __consumer_offsets} small (DESIGN §5): per loaded partition, stores an {@link OffsetsSnapshot} of
 * its state at offset S, then advances the log start to min(S, high watermark), which deletes the sealed segments
 * wholly below it. The state is materialised from the previous snapshot plus the log up to S, not copied from the
 * coordinator's live cache, so it is exactly the state at S whatever commits run meanwhile, and what is truncated
 * is only ever what a stored snapshot covers. A crash between storing and truncating leaves a snapshot with the
 * log still below it, which loading handles (replay from S). Blocking (fsync, synced RocksDB writes, file reads):
 * runs on the broker's blocking executor or the closing thread; one snapshot at a time.
 */
final class OffsetsSnapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetsSnapshotter.class);

    private final OffsetsTopicLogs logs;
    private final CoordinatorPartitions partitions;
    private final ReentrantLock lock = new ReentrantLock();
    /** Per partition, the offset of the last snapshot stored or loaded (-1: none), to skip partitions that did not grow. */
    private final long[] snapshotAt;

    /** What one {@link #snapshot} did. */
    record Result(int partition, long offset, int entries, int bytes, long logStartBefore, long logStartAfter) {
    }

    OffsetsSnapshotter(OffsetsTopicLogs logs, CoordinatorPartitions partitions) {
        this.logs = logs;
        this.partitions = partitions;
        this.snapshotAt = new long[partitions.count()];
        java.util.Arrays.fill(snapshotAt, -1);
    }

    /** Records the snapshot a partition was loaded from (or -1), so an unchanged partition is not snapshotted again. */
    void loaded(int partition, long snapshotOffset) {
        lock.lock();
        try {
            snapshotAt[partition] = snapshotOffset;
        } finally {
            lock.unlock();
        }
    }

    /** Snapshots and truncates every loaded partition whose log grew since its last snapshot; returns how many. */
    int snapshotAll() {
        int n = 0;
        for (int p = 0; p < partitions.count(); p++) {
            try {
                if (snapshot(p) != null) {
                    n++;
                }
            } catch (RuntimeException e) {
                // the partition keeps its longer log and its old snapshot: nothing is lost, it only stays larger
                LOG.warn("snapshot of {}-{} failed: {}", OffsetsTopicLogs.TOPIC, p, e.toString());
            }
        }
        return n;
    }

    /**
     * Snapshots one partition if it grew, then truncates below its latest snapshot (also one stored before a crash
     * cut the truncation short). Null when the partition is not loaded here or has no snapshot.
     */
    Result snapshot(int partition) {
        lock.lock();
        try {
            Stored stored = storeSnapshot(partition);
            OffsetsTopicLogs.LeaderLog leader = logs.leader(partition);
            long s = snapshotAt[partition];
            if (leader == null || partitions.status(partition) != Errors.NONE || s <= 0) {
                return null;
            }
            // also when the start is already at S: segments that were still being sealed then go now
            PartitionLog log = leader.log();
            long before = log.logStartOffset();
            log.advanceLogStartOffset(Math.min(s, log.highWatermark()));
            return new Result(partition, s, stored == null ? -1 : stored.entries(), stored == null ? -1 : stored.bytes(),
                    before, log.logStartOffset());
        } finally {
            lock.unlock();
        }
    }

    /** A snapshot just stored: its offset S, entries and encoded size. */
    record Stored(long offset, int entries, int bytes) {
    }

    /**
     * Stores a snapshot of {@code partition} at its high watermark without truncating anything (the first half of
     * {@link #snapshot}; package-private so that tests can stop in between, as a crash would). Null when the
     * partition is not loaded here or did not grow since its last snapshot.
     */
    Stored storeSnapshot(int partition) {
        lock.lock();
        try {
            OffsetsTopicLogs.LeaderLog leader = logs.leader(partition);
            if (leader == null || partitions.status(partition) != Errors.NONE) {
                return null;
            }
            PartitionLog log = leader.log();
            long hw = log.highWatermark();
            if (hw <= snapshotAt[partition] || hw == 0) {
                return null;
            }
            OffsetsSnapshot state = previous(log);
            // everything below S must be on disk before a durable snapshot claims it: a log that lost an unflushed
            // tail below S would reuse those offsets and a replay from S would skip them
            log.flush();
            long s = GroupLoader.scan(log, state.offset(), hw, (k, v) -> {
                GroupRecordCodec.key(k.duplicate());  // never snapshot a record this broker cannot load
                state.apply(k, v);
            });
            state.offset(s);
            byte[] bytes = state.encode();
            log.storeStateSnapshot(bytes);
            snapshotAt[partition] = s;
            LOG.debug("snapshot of {}-{}: offset={}, entries={}, bytes={}", OffsetsTopicLogs.TOPIC, partition, s,
                    state.size(), bytes.length);
            return new Stored(s, state.size(), bytes.length);
        } finally {
            lock.unlock();
        }
    }

    /** The stored snapshot to continue from, or an empty state at the log start when the log still holds everything. */
    private static OffsetsSnapshot previous(PartitionLog log) {
        byte[] raw = log.stateSnapshot();
        if (raw != null) {
            try {
                OffsetsSnapshot s = OffsetsSnapshot.decode(raw);
                if (s.offset() >= log.logStartOffset() && s.offset() <= log.logEndOffset()) {
                    return s;
                }
            } catch (IllegalStateException e) {
                // fall through: usable only if the log is whole
            }
        }
        if (log.logStartOffset() > 0) {
            throw new IllegalStateException("no usable previous snapshot and the log starts at " + log.logStartOffset());
        }
        return new OffsetsSnapshot(0);
    }
}
