package io.spool.storage;

/**
 * Engine-wide settings of a {@link LogManager} (not per topic).
 *
 * @param maintenanceIntervalMs   how often the maintenance thread checks flush.ms, time rolls and open files
 * @param retentionCheckIntervalMs {@code log.retention.check.interval.ms}
 * @param blockCacheBytes         RocksDB block cache, shared by all column families
 * @param writeBufferBytes        RocksDB memtable budget (write-buffer manager, charged to the block cache)
 * @param maxOpenReadChannels     read channels kept open over all segments before idle ones are closed
 * @param indexCacheEntries       offset-index entries of each active segment kept in memory
 * @param cachedSealedSegments    {@code log.page.cache.sealed.segments}: how many of a partition's newest sealed
 *                                segments keep their page cache once sealed; -1 keeps all (Kafka's behaviour)
 */
public record LogManagerOptions(long maintenanceIntervalMs, long retentionCheckIntervalMs, long blockCacheBytes,
                                long writeBufferBytes, int maxOpenReadChannels, int indexCacheEntries,
                                int cachedSealedSegments) {

    public LogManagerOptions {
        if (cachedSealedSegments < -1) {
            throw new IllegalArgumentException("cachedSealedSegments must be -1 or more: " + cachedSealedSegments);
        }
    }

    public static LogManagerOptions defaults() {
        return new LogManagerOptions(1000, 300_000, 16 << 20, 16 << 20, 4096, 1024, -1);
    }

    public LogManagerOptions withMaintenanceIntervalMs(long ms) {
        return new LogManagerOptions(ms, retentionCheckIntervalMs, blockCacheBytes, writeBufferBytes,
                maxOpenReadChannels, indexCacheEntries, cachedSealedSegments);
    }

    public LogManagerOptions withRetentionCheckIntervalMs(long ms) {
        return new LogManagerOptions(maintenanceIntervalMs, ms, blockCacheBytes, writeBufferBytes,
                maxOpenReadChannels, indexCacheEntries, cachedSealedSegments);
    }

    public LogManagerOptions withMaxOpenReadChannels(int n) {
        return new LogManagerOptions(maintenanceIntervalMs, retentionCheckIntervalMs, blockCacheBytes,
                writeBufferBytes, n, indexCacheEntries, cachedSealedSegments);
    }

    public LogManagerOptions withCachedSealedSegments(int n) {
        return new LogManagerOptions(maintenanceIntervalMs, retentionCheckIntervalMs, blockCacheBytes,
                writeBufferBytes, maxOpenReadChannels, indexCacheEntries, n);
    }
}
