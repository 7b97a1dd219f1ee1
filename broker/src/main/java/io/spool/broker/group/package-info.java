/**
 * The group coordinator: Kafka's classic group protocol and committed offsets.
 *
 * <p>{@link io.spool.broker.group.GroupCoordinator} runs the rebalance state machine (Empty, PreparingRebalance,
 * CompletingRebalance, Stable, Dead) on a {@link io.spool.broker.purgatory.DelayTimer} and an injected clock;
 * {@link io.spool.broker.group.OffsetCoordinator} handles commits, fetches, deletes and expiry. Every change that
 * must survive a restart (a commit, a completed SyncGroup, a group becoming empty, a deletion) is one
 * RecordBatch v2 appended to the group's {@code __consumer_offsets} partition through the storage engine
 * ({@link io.spool.broker.group.LogGroupStore}, layouts in {@link io.spool.broker.group.GroupRecordDescriptor})
 * before the client is answered; {@link io.spool.broker.group.GroupLoader} replays the partitions at start.
 *
 * <p>Threading: handlers run on Netty event loops; each operation holds one group's monitor for field updates
 * and at most one append (a copy into the mapped segment, no I/O wait); parked JoinGroup and SyncGroup requests
 * are answered after the monitor is released, from whichever thread completes them. Loading reads files and
 * runs on the broker's blocking executor.
 *
 * <p>Not yet: snapshot-and-truncate of {@code __consumer_offsets} (DESIGN §5) needs the storage engine to advance
 * a log's start offset; until then the topic is never truncated and loading replays it whole.
 */
package io.spool.broker.group;
