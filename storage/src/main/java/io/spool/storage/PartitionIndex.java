package io.spool.storage;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One partition's view of the {@link IndexStore} with write-behind: the appender only records offset and time
 * entries in memory; {@link #flush()} writes them to RocksDB in one {@code WriteBatch} (the maintenance thread
 * does, periodically, when a backlog builds up, and before every recovery-point write, so the synced
 * recovery-point write also persists every entry below it). Lookups see every entry: pending ones first, then
 * RocksDB. Thread-safe.
 *
 * <p>Locks: {@code drainLock} is held across a whole flush and by truncation, deletion and clearing, so an
 * entry is never written after the range holding it was deleted; the monitor guards the buffers and is held
 * only for in-memory work. An entry moves from the buffers to RocksDB by write-then-remove, so a reader that
 * misses it in memory finds it in RocksDB.
 */
final class PartitionIndex {
    /** Pending entries beyond which the appender asks for a flush. */
    static final int BACKLOG_ENTRIES = 4096;
    /** Pending entries beyond which the appender writes them itself (the maintenance thread is stuck). */
    static final int MAX_PENDING_ENTRIES = 1 << 20;

    private final IndexStore store;
    private final long partitionKey;
    private final Consumer<Runnable> background;
    private final ReentrantLock drainLock = new ReentrantLock();
    // guarded by this
    private IndexEntries current = new IndexEntries();
    private IndexEntries draining;
    private IndexEntries spare = new IndexEntries();
    /** A flush was requested since the last one started. */
    private volatile boolean backlogReported;

    /** {@code background} runs a flush on another thread when a backlog builds up; it is called by the appender and must not block. */
    PartitionIndex(IndexStore store, long partitionKey, Consumer<Runnable> background) {
        this.store = store;
        this.partitionKey = partitionKey;
        this.background = background;
    }

    /** Records a sparse offset-index entry in memory. Writer (partition lock). */
    void putOffset(long offset, long segmentBase, int position) {
        int size;
        synchronized (this) {
            current.addOffset(offset, segmentBase, position);
            size = current.size();
        }
        afterPut(size);
    }

    /** Records a time-index entry (running max timestamp) in memory. Writer (partition lock). */
    void putTime(long timestamp, long offset, long segmentBase, int position) {
        int size;
        synchronized (this) {
            current.addTime(timestamp, offset, segmentBase, position);
            size = current.size();
        }
        afterPut(size);
    }

    private void afterPut(int size) {
        if (size < BACKLOG_ENTRIES) {
            return;
        }
        if (!backlogReported) {
            // written by the appender only; flush() resets it, a stale read just reports once more
            backlogReported = true;
            background.accept(this::flush);
        } else if (size >= MAX_PENDING_ENTRIES && drainLock.tryLock()) {
            try {
                flush();
            } finally {
                drainLock.unlock();
            }
        }
    }

    /** Pending entries not yet written to RocksDB (tests). */
    synchronized int pending() {
        return current.size() + (draining == null ? 0 : draining.size());
    }

    /** Writes every pending entry to RocksDB (unsynced, one WriteBatch). Any thread but the appender's. */
    void flush() {
        drainLock.lock();
        try {
            IndexEntries batch;
            synchronized (this) {
                if (current.size() == 0) {
                    backlogReported = false;
                    return;
                }
                batch = current;
                draining = batch;
                current = spare != null ? spare : new IndexEntries();
                spare = null;
                backlogReported = false;
            }
            store.writeEntries(partitionKey, batch);
            synchronized (this) {
                batch.clear();
                draining = null;
                spare = batch;
            }
        } finally {
            drainLock.unlock();
        }
    }

    /** The last offset-index entry at or below {@code offset}: memory first, then RocksDB. Any thread. */
    boolean floorOffset(long offset, IndexStore.Entry out) {
        synchronized (this) {
            // current holds newer entries than draining, and both newer than RocksDB's
            if (floorOffset(current, offset, out) || (draining != null && floorOffset(draining, offset, out))) {
                return true;
            }
        }
        return store.floorOffset(partitionKey, offset, out);
    }

    private static boolean floorOffset(IndexEntries entries, long offset, IndexStore.Entry out) {
        int i = entries.floorOffset(offset);
        if (i < 0) {
            return false;
        }
        out.offset = entries.offsets[i];
        out.segmentBase = entries.offsetSegments[i];
        out.position = entries.offsetPositions[i];
        return true;
    }

    /** The last time-index entry whose running max is at or below {@code timestamp}. Any thread. */
    boolean floorTime(long timestamp, IndexStore.Entry out) {
        synchronized (this) {
            if (floorTime(current, timestamp, out) || (draining != null && floorTime(draining, timestamp, out))) {
                return true;
            }
        }
        return store.floorTime(partitionKey, timestamp, out);
    }

    /** The partition's last time-index entry; false if none. Any thread. */
    boolean lastTime(IndexStore.Entry out) {
        return floorTime(Long.MAX_VALUE, out);
    }

    private static boolean floorTime(IndexEntries entries, long timestamp, IndexStore.Entry out) {
        int i = entries.floorTime(timestamp);
        if (i < 0) {
            return false;
        }
        out.timestamp = entries.timestamps[i];
        out.offset = entries.timeOffsets[i];
        out.segmentBase = entries.timeSegments[i];
        out.position = entries.timePositions[i];
        return true;
    }

    /** Deletes offset and time entries of batches at or above {@code offset}, pending and stored. */
    void truncateFrom(long offset) {
        drainLock.lock();
        try {
            synchronized (this) {
                current.truncateFrom(offset);
            }
            store.truncateFrom(partitionKey, offset);
        } finally {
            drainLock.unlock();
        }
    }

    /** Deletes offset and time entries of batches below {@code offset}, pending and stored (retention). */
    void deleteBelow(long offset) {
        drainLock.lock();
        try {
            synchronized (this) {
                current.dropBelow(offset);
            }
            store.deleteBelow(partitionKey, offset);
        } finally {
            drainLock.unlock();
        }
    }

    /** Forgets every pending entry (a simulated crash, or a log that starts afresh). */
    void clear() {
        drainLock.lock();
        try {
            synchronized (this) {
                current.clear();
                backlogReported = false;
            }
        } finally {
            drainLock.unlock();
        }
    }
}
