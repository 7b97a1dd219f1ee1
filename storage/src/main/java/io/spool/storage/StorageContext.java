package io.spool.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongSupplier;

/** What every partition log of one data directory shares: the index, the maintenance thread, limits, health. */
final class StorageContext {
    private static final Logger LOG = LoggerFactory.getLogger(StorageContext.class);

    final IndexStore index;
    final Maintenance maintenance;
    final OpenFiles openFiles;
    final LogManagerOptions options;
    /** Wall clock in ms; replaceable in tests (time rolls, retention, flush.ms). */
    volatile LongSupplier clock = System::currentTimeMillis;
    private volatile String offlineReason;

    StorageContext(IndexStore index, Maintenance maintenance, OpenFiles openFiles, LogManagerOptions options) {
        this.index = index;
        this.maintenance = maintenance;
        this.openFiles = openFiles;
        this.options = options;
    }

    long now() {
        return clock.getAsLong();
    }

    boolean isOffline() {
        return offlineReason != null;
    }

    String offlineReason() {
        return offlineReason;
    }

    /** An I/O error is never retried: the whole log directory goes offline (Kafka's LogDirFailureChannel). */
    void fail(Throwable cause) {
        if (offlineReason == null) {
            offlineReason = String.valueOf(cause);
            LOG.error("log directory offline after an I/O error", cause);
        }
    }
}
