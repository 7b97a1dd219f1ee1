package io.spool.storage;

import java.nio.ByteBuffer;

/**
 * One partition's log: a sequence of segments holding Kafka RecordBatch v2 bytes back to back.
 *
 * <p>Appends are serialised by the partition lock, held only for offset assignment, the copy into the
 * mapped active segment and the release-store of the log end offset. Reads are lock-free up to the
 * published log end offset and never touch the mapping.
 */
public interface PartitionLog {
    String topic();

    int partition();

    /**
     * Validates and appends the client batches in {@code records} (one or more RecordBatch v2, position
     * to limit) as leader: checks magic, lengths, counts, CRC-32C, max.message.bytes, idempotent
     * producer sequences; writes baseOffset and partitionLeaderEpoch in place; copies once into the
     * mapping. All or nothing. May modify the bytes of {@code records}.
     */
    AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch);

    /** Appends batches that already carry offsets (replication, recovery tools); checks they follow the log end. */
    AppendResult appendAsFollower(ByteBuffer records);

    /**
     * Returns whole batches starting with the one that contains {@code fetchOffset}, not beyond
     * {@code maxOffset} (exclusive; the high watermark), at most {@code maxBytes} unless
     * {@code minOneBatch} lets the first batch exceed it. An empty result when there is nothing yet.
     */
    ReadResult read(long fetchOffset, long maxOffset, int maxBytes, boolean minOneBatch);

    /**
     * First offset whose record timestamp is at or after {@code timestamp}; {@link TimestampOffset#NONE} if none.
     * Inside a compressed CreateTime batch this is the batch start (storage has no codecs; see
     * {@link #lookupTimestamp}).
     */
    default TimestampOffset offsetForTimestamp(long timestamp) {
        return lookupTimestamp(timestamp).releaseAndAnswer();
    }

    /**
     * Like {@link #offsetForTimestamp}, but when the answer lies in a compressed CreateTime batch, hands that batch
     * over (with a segment reference the caller must release) so that the caller can look inside. Blocking I/O.
     */
    TimestampLookup lookupTimestamp(long timestamp);

    /** The offset and timestamp of the record with the largest timestamp (ListOffsets MAX_TIMESTAMP). */
    default TimestampOffset maxTimestamp() {
        return lookupMaxTimestamp().releaseAndAnswer();
    }

    /** Like {@link #maxTimestamp}, handing a compressed batch over as {@link #lookupTimestamp} does. Blocking I/O. */
    TimestampLookup lookupMaxTimestamp();

    long logStartOffset();

    /** The offset the next appended record gets. */
    long logEndOffset();

    long highWatermark();

    /** Moves the high watermark (single node: to the log end after each append); never backwards, never past the end. */
    void updateHighWatermark(long offset);

    /** The offset up to which the log is known to be flushed to disk. */
    long recoveryPoint();

    /**
     * Moves the log start offset up to {@code offset} (capped at the high watermark; never backwards) and deletes
     * the sealed segments wholly below it. The new start is written with a synced RocksDB write before any file is
     * unlinked (it is authoritative, DESIGN §3), so a crash in between only leaves files the next open deletes.
     * A segment below the start that is still being sealed stays until a later call (with any offset).
     * Reads below the new start get OFFSET_OUT_OF_RANGE. Blocking: not for event loops.
     */
    void advanceLogStartOffset(long offset);

    /**
     * Stores {@code snapshot}, opaque bytes of state derived from this log (the group coordinator's materialised
     * {@code __consumer_offsets}), replacing the previous one, with a synced write; deleted with the partition.
     * The caller encodes the offset the state covers and its own checksum. Blocking: not for event loops.
     */
    void storeStateSnapshot(byte[] snapshot);

    /** The bytes last given to {@link #storeStateSnapshot}, or null when none is stored. */
    byte[] stateSnapshot();

    /** Removes everything at and above {@code offset} (follower truncation). */
    void truncateTo(long offset);

    /** Forces everything appended so far to disk and advances the recovery point. Not for event loops. */
    void flush();

    /** Bytes on disk over all segments. */
    long sizeInBytes();

    LogConfig config();

    /** Applies new settings (topic config change); segment size applies from the next roll. */
    void updateConfig(LogConfig config);
}
