/**
 * The group coordinator: Kafka's classic group protocol and committed offsets.
 *
 * <p>{@link io.spool.broker.group.GroupCoordinator} runs the rebalance state machine (Empty, PreparingRebalance,
 * CompletingRebalance, Stable, Dead) on a {@link io.spool.broker.purgatory.DelayTimer} and an injected clock;
 * {@link io.spool.broker.group.OffsetCoordinator} handles commits, fetches, deletes and expiry. Every change that
 * must survive a restart (a commit, a completed SyncGroup, a group becoming empty, a deletion) is one
 * RecordBatch v2 appended to the group's {@code __consumer_offsets} partition through the storage engine
 * ({@link io.spool.broker.group.LogGroupStore}, layouts in {@link io.spool.broker.group.GroupRecordDescriptor})
 * before the client is answered; {@link io.spool.broker.group.GroupLoader} loads the partitions at start from
 * their snapshot and the log after it.
 *
 * <p>Threading: handlers run on Netty event loops; each operation holds one group's monitor for field updates
 * and at most one append (a copy into the mapped segment, no I/O wait); parked JoinGroup and SyncGroup requests
 * are answered after the monitor is released, from whichever thread completes them. Loading reads files and
 * runs on the broker's blocking executor.
 *
 * <p>{@code __consumer_offsets} is kept small by snapshot-and-truncate (DESIGN §5,
 * {@link io.spool.broker.group.OffsetsSnapshotter}, format in {@link io.spool.broker.group.OffsetsSnapshot}):
 * every {@code offsets.snapshot.interval.ms} and at clean shutdown, on the blocking executor.
 */
package io.spool.broker.group;
