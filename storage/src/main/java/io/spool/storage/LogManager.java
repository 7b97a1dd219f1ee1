package io.spool.storage;

import java.nio.file.Path;
import java.util.Collection;

/**
 * All partition logs of one broker: one RocksDB index per data directory, recovery on open, and the
 * background threads for space reservation, flushing, rolling and retention.
 */
public interface LogManager extends AutoCloseable {

    /**
     * Opens (recovering after an unclean stop) every partition under {@code dataDir}.
     * {@code defaults} apply to logs created without their own config.
     */
    static LogManager open(Path dataDir, LogConfig defaults) {
        return DefaultLogManager.open(dataDir, defaults, LogManagerOptions.defaults());
    }

    /** {@link #open(Path, LogConfig)} with engine-wide options (maintenance intervals, RocksDB memory). */
    static LogManager open(Path dataDir, LogConfig defaults, LogManagerOptions options) {
        return DefaultLogManager.open(dataDir, defaults, options);
    }

    /**
     * Returns the existing log or creates it. {@code partitionKey} is a stable id from the metadata log
     * (never derived from the topic name) so that delete-and-recreate never resurrects index entries.
     */
    PartitionLog getOrCreate(String topic, int partition, long partitionKey, LogConfig config);

    /** The log, or null. */
    PartitionLog get(String topic, int partition);

    Collection<PartitionLog> logs();

    /** Deletes every partition of the topic: files and index entries. */
    void deleteTopic(String topic);

    /** Flushes, seals the active segments, writes the clean-shutdown marker. */
    @Override
    void close();
}
