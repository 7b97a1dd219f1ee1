package io.spool.storage;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.spool.storage.SegmentIndexKey.*;

/**
 * The RocksDB index of one data directory: sparse offset index, time index, partition metadata and producer
 * snapshots, one column family each. Derived data except the log start offset: it can be deleted and rebuilt
 * from the segments. Memory is bounded by one LRU block cache shared with a write-buffer manager, and one
 * background job. Thread-safe. RocksDB failures surface as {@link StorageException}.
 */
final class IndexStore implements AutoCloseable {
    static final int META_LOG_START_OFFSET = 1;
    static final int META_RECOVERY_POINT = 2;
    static final int META_CLEAN_LOG_END = 3;
    static final int META_LEADER_EPOCHS = 4;
    /** Opaque state a layer above derives from the log ({@link PartitionLog#storeStateSnapshot}). */
    static final int META_STATE_SNAPSHOT = 5;

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final boolean created;
    private final LRUCache cache;
    private final WriteBufferManager writeBufferManager;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle offsets;
    private final ColumnFamilyHandle times;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle producers;
    private final WriteOptions unsynced = new WriteOptions();
    private final WriteOptions synced = new WriteOptions().setSync(true);
    private final ReadOptions readOptions = new ReadOptions();
    /** A mutable holder for one index entry, filled by the lookups (no allocation per lookup for the caller). */
    static final class Entry {
        long offset;
        long segmentBase;
        int position;
        long timestamp;
    }

    private IndexStore(Path dir, long blockCacheBytes, long writeBufferBytes) {
        created = !Files.exists(dir.resolve("CURRENT"));
        cache = new LRUCache(blockCacheBytes);
        writeBufferManager = new WriteBufferManager(writeBufferBytes, cache);
        dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(1)
                .setWriteBufferManager(writeBufferManager)
                .setMaxOpenFiles(256)
                .setKeepLogFileNum(2)
                .setMaxTotalWalSize(4 * writeBufferBytes);
        cfOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(Math.max(1 << 20, writeBufferBytes / 4))
                .setMaxWriteBufferNumber(2)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions),
                new ColumnFamilyDescriptor("offset_index".getBytes(StandardCharsets.UTF_8), cfOptions),
                new ColumnFamilyDescriptor("time_index".getBytes(StandardCharsets.UTF_8), cfOptions),
                new ColumnFamilyDescriptor("partition_meta".getBytes(StandardCharsets.UTF_8), cfOptions),
                new ColumnFamilyDescriptor("producer_state".getBytes(StandardCharsets.UTF_8), cfOptions));
        handles = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (Exception e) {
            throw new StorageException("cannot open index: dir=" + dir, e);
        }
        offsets = handles.get(1);
        times = handles.get(2);
        meta = handles.get(3);
        producers = handles.get(4);
    }

    static IndexStore open(Path dir, long blockCacheBytes, long writeBufferBytes) {
        return new IndexStore(dir, blockCacheBytes, writeBufferBytes);
    }

    /** True when the index did not exist before this open: every partition needs a full rebuild. */
    boolean wasCreated() {
        return created;
    }

    void putOffset(long partitionKey, long offset, long segmentBase, int position) {
        byte[] value = new byte[OFFSET_VALUE_LENGTH];
        putLong(value, OFFSET_VALUE_SEGMENT_BASE, segmentBase);
        putInt(value, OFFSET_VALUE_POSITION, position);
        put(offsets, key(partitionKey, offset), value);
    }

    void putTime(long partitionKey, long timestamp, long offset, long segmentBase, int position) {
        byte[] value = new byte[TIME_VALUE_LENGTH];
        putLong(value, TIME_VALUE_OFFSET, offset);
        putLong(value, TIME_VALUE_SEGMENT_BASE, segmentBase);
        putInt(value, TIME_VALUE_POSITION, position);
        put(times, timeKey(partitionKey, timestamp), value);
    }

    /** The last offset-index entry at or below {@code offset}; false if the partition has none. */
    boolean floorOffset(long partitionKey, long offset, Entry out) {
        try (RocksIterator it = db.newIterator(offsets, readOptions)) {
            it.seekForPrev(key(partitionKey, offset));
            if (!it.isValid() || !hasPrefix(it.key(), partitionKey)) {
                return false;
            }
            byte[] value = it.value();
            out.offset = getLong(it.key(), SORT_KEY_OFFSET);
            out.segmentBase = getLong(value, OFFSET_VALUE_SEGMENT_BASE);
            out.position = getInt(value, OFFSET_VALUE_POSITION);
            return true;
        }
    }

    /** The last time-index entry whose running max timestamp is at or below {@code timestamp}; false if none. */
    boolean floorTime(long partitionKey, long timestamp, Entry out) {
        try (RocksIterator it = db.newIterator(times, readOptions)) {
            it.seekForPrev(timeKey(partitionKey, timestamp));
            if (!it.isValid() || !hasPrefix(it.key(), partitionKey)) {
                return false;
            }
            readTime(it, out);
            return true;
        }
    }

    /** The last time-index entry of the partition (its largest running max); false if none. */
    boolean lastTime(long partitionKey, Entry out) {
        return floorTime(partitionKey, Long.MAX_VALUE, out);
    }

    private static void readTime(RocksIterator it, Entry out) {
        byte[] value = it.value();
        out.timestamp = timestampOf(it.key());
        out.offset = getLong(value, TIME_VALUE_OFFSET);
        out.segmentBase = getLong(value, TIME_VALUE_SEGMENT_BASE);
        out.position = getInt(value, TIME_VALUE_POSITION);
    }

    /** Writes pending offset and time entries of one partition in one unsynced WriteBatch. */
    void writeEntries(long partitionKey, IndexEntries entries) {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < entries.offsetCount; i++) {
                byte[] value = new byte[OFFSET_VALUE_LENGTH];
                putLong(value, OFFSET_VALUE_SEGMENT_BASE, entries.offsetSegments[i]);
                putInt(value, OFFSET_VALUE_POSITION, entries.offsetPositions[i]);
                batch.put(offsets, key(partitionKey, entries.offsets[i]), value);
            }
            for (int i = 0; i < entries.timeCount; i++) {
                byte[] value = new byte[TIME_VALUE_LENGTH];
                putLong(value, TIME_VALUE_OFFSET, entries.timeOffsets[i]);
                putLong(value, TIME_VALUE_SEGMENT_BASE, entries.timeSegments[i]);
                putInt(value, TIME_VALUE_POSITION, entries.timePositions[i]);
                batch.put(times, timeKey(partitionKey, entries.timestamps[i]), value);
            }
            db.write(unsynced, batch);
        } catch (RocksDBException e) {
            throw new StorageException("index write failed: partitionKey=" + partitionKey + ", entries=" + entries.size(), e);
        }
    }

    /** Deletes offset and time entries for batches at or above {@code offset} (recovery, truncation). */
    void truncateFrom(long partitionKey, long offset) {
        try (WriteBatch batch = new WriteBatch(); RocksIterator it = db.newIterator(times, readOptions)) {
            if (hasKeyAtOrAbove(offsets, partitionKey, offset)) {
                // a range tombstone costs every later seek, so only write one when there is something to delete
                batch.deleteRange(offsets, key(partitionKey, offset), prefixEnd(partitionKey));
            }
            // the running max grows with the offset, so the entries to drop are the time index's tail
            for (it.seekForPrev(prefixEnd(partitionKey)); it.isValid() && hasPrefix(it.key(), partitionKey); it.prev()) {
                if (getLong(it.value(), TIME_VALUE_OFFSET) < offset) {
                    break;
                }
                batch.delete(times, it.key());
            }
            if (batch.count() > 0) {
                db.write(unsynced, batch);
            }
        } catch (RocksDBException e) {
            throw new StorageException("index truncate failed: partitionKey=" + partitionKey + ", offset=" + offset, e);
        }
    }

    private boolean hasKeyAtOrAbove(ColumnFamilyHandle cf, long partitionKey, long sortKey) {
        try (RocksIterator it = db.newIterator(cf, readOptions)) {
            it.seek(key(partitionKey, sortKey));
            return it.isValid() && hasPrefix(it.key(), partitionKey);
        }
    }

    /** Deletes offset and time entries for batches below {@code offset} (retention). */
    void deleteBelow(long partitionKey, long offset) {
        try (WriteBatch batch = new WriteBatch(); RocksIterator it = db.newIterator(times, readOptions)) {
            batch.deleteRange(offsets, prefix(partitionKey), key(partitionKey, offset));
            for (it.seek(prefix(partitionKey)); it.isValid() && hasPrefix(it.key(), partitionKey); it.next()) {
                if (getLong(it.value(), TIME_VALUE_OFFSET) >= offset) {
                    break;
                }
                batch.delete(times, it.key());
            }
            db.write(unsynced, batch);
        } catch (RocksDBException e) {
            throw new StorageException("index delete failed: partitionKey=" + partitionKey + ", below=" + offset, e);
        }
    }

    /** Deletes every key of the partition in every column family (topic deletion). */
    void deletePartition(long partitionKey, boolean sync) {
        try (WriteBatch batch = new WriteBatch()) {
            byte[] from = prefix(partitionKey);
            byte[] to = prefixEnd(partitionKey);
            for (ColumnFamilyHandle cf : List.of(offsets, times, meta, producers)) {
                batch.deleteRange(cf, from, to);
            }
            db.write(sync ? synced : unsynced, batch);
        } catch (RocksDBException e) {
            throw new StorageException("index delete failed: partitionKey=" + partitionKey, e);
        }
    }

    byte[] getMeta(long partitionKey, int field) {
        try {
            return db.get(meta, metaKey(partitionKey, field));
        } catch (RocksDBException e) {
            throw new StorageException("index read failed: partitionKey=" + partitionKey + ", field=" + field, e);
        }
    }

    byte[] getProducers(long partitionKey) {
        try {
            return db.get(producers, prefix(partitionKey));
        } catch (RocksDBException e) {
            throw new StorageException("index read failed: partitionKey=" + partitionKey, e);
        }
    }

    /** Starts a batch of metadata writes applied atomically by {@link MetaBatch#commit(boolean)}. */
    MetaBatch metaBatch() {
        return new MetaBatch();
    }

    /** Atomic group of metadata and producer-snapshot writes. */
    final class MetaBatch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        MetaBatch putMeta(long partitionKey, int field, byte[] value) {
            try {
                batch.put(meta, metaKey(partitionKey, field), value);
            } catch (RocksDBException e) {
                throw new StorageException("index batch failed: partitionKey=" + partitionKey, e);
            }
            return this;
        }

        MetaBatch deleteMeta(long partitionKey, int field) {
            try {
                batch.delete(meta, metaKey(partitionKey, field));
            } catch (RocksDBException e) {
                throw new StorageException("index batch failed: partitionKey=" + partitionKey, e);
            }
            return this;
        }

        MetaBatch putProducers(long partitionKey, byte[] snapshot) {
            try {
                batch.put(producers, prefix(partitionKey), snapshot);
            } catch (RocksDBException e) {
                throw new StorageException("index batch failed: partitionKey=" + partitionKey, e);
            }
            return this;
        }

        /** Applies the batch; a synced commit also makes every earlier unsynced write durable. */
        void commit(boolean sync) {
            try {
                db.write(sync ? synced : unsynced, batch);
            } catch (RocksDBException e) {
                throw new StorageException("index write failed", e);
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    private void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
        try {
            db.put(cf, unsynced, key, value);
        } catch (RocksDBException e) {
            throw new StorageException("index write failed", e);
        }
    }

    /** Makes every earlier unsynced write durable. */
    void syncWal() {
        try {
            db.flushWal(true);
        } catch (RocksDBException e) {
            throw new StorageException("index WAL sync failed", e);
        }
    }

    /** Flushes memtables so that a clean restart replays no WAL. */
    void flushAll() {
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
            db.flush(options, handles);
        } catch (RocksDBException e) {
            throw new StorageException("index flush failed", e);
        }
    }

    @Override
    public void close() {
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        unsynced.close();
        synced.close();
        readOptions.close();
        dbOptions.close();
        cfOptions.close();
        writeBufferManager.close();
        cache.close();
    }
}
