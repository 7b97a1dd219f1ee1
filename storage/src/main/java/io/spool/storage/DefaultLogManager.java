package io.spool.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The partition logs of one data directory with their shared RocksDB index and maintenance thread.
 *
 * <p>Layout: {@code <dataDir>/<topic>-<partition>/} per partition ({@code partition.metadata} and
 * {@code <20-digit base offset>.log} files), {@code <dataDir>/.index/} for RocksDB, {@code .lock} held while
 * open, and {@code .clean_shutdown} written last by {@link #close()} and removed first by {@link #open}.
 * Thread-safe.
 */
public final class DefaultLogManager implements LogManager {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultLogManager.class);
    static final String CLEAN_SHUTDOWN = ".clean_shutdown";
    static final String INDEX_DIR = ".index";
    static final String LOCK_FILE = ".lock";

    private final Path dataDir;
    private final LogConfig defaults;
    private final StorageContext ctx;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, DefaultPartitionLog> logs = new ConcurrentHashMap<>();
    private final Object createLock = new Object();
    private volatile long lastRetentionMs;
    private volatile boolean closed;
    private final boolean recoveredUnclean;

    private DefaultLogManager(Path dataDir, LogConfig defaults, LogManagerOptions options) throws IOException {
        this.dataDir = dataDir;
        this.defaults = defaults;
        Files.createDirectories(dataDir);
        lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock acquired;
        try {
            acquired = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException inThisProcess) {
            acquired = null;
        }
        lock = acquired;
        if (lock == null) {
            lockChannel.close();
            throw new StorageException("log directory is in use by another process: dir=" + dataDir);
        }
        Path marker = dataDir.resolve(CLEAN_SHUTDOWN);
        boolean clean = Files.deleteIfExists(marker);
        if (clean) {
            NativeIo.fsyncDirectory(dataDir);
        }
        recoveredUnclean = !clean;
        IndexStore index = IndexStore.open(dataDir.resolve(INDEX_DIR), options.blockCacheBytes(), options.writeBufferBytes());
        StorageContext[] holder = new StorageContext[1];
        Maintenance maintenance = new Maintenance("spool-storage-" + dataDir.getFileName(), t -> holder[0].fail(t));
        OpenFiles openFiles = new OpenFiles(options.maxOpenReadChannels());
        openFiles.trimOn(maintenance::execute);
        ctx = new StorageContext(index, maintenance, openFiles, options);
        holder[0] = ctx;
        loadAll(clean);
        lastRetentionMs = ctx.now();
        maintenance.scheduleEvery(options.maintenanceIntervalMs(), this::tick);
    }

    /** Opens (recovering as needed) every partition under {@code dataDir}. */
    public static DefaultLogManager open(Path dataDir, LogConfig defaults, LogManagerOptions options) {
        try {
            return new DefaultLogManager(dataDir, defaults, options);
        } catch (IOException e) {
            throw new StorageException("cannot open log directory: dir=" + dataDir, e);
        }
    }

    private void loadAll(boolean clean) throws IOException {
        SegmentWalker walker = new SegmentWalker(1 << 20);
        LogLoader loader = new LogLoader(ctx, walker);
        long started = System.nanoTime();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dataDir, Files::isDirectory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (name.endsWith(".deleted")) {
                    deleteRecursively(child);
                } else if (!name.startsWith(".") && Files.exists(child.resolve(PartitionMetadata.FILE_NAME))) {
                    dirs.add(child);
                }
            }
        }
        for (Path dir : dirs) {
            PartitionMetadata meta;
            try {
                meta = PartitionMetadata.read(dir);
            } catch (IOException | RuntimeException e) {
                // never flushed (its metadata is synced by the first flush), so it holds no durable data
                LOG.warn("skipping partition directory with unreadable metadata: dir={}, error={}", dir, e.toString());
                continue;
            }
            DefaultPartitionLog log = loader.load(dir, meta, defaults, clean);
            logs.put(name(meta.topic(), meta.partition()), log);
        }
        if (!clean || ctx.index.wasCreated()) {
            // recovery cut, truncated and rebuilt without per-file fsyncs: one syncfs, then the recovery points
            int errno = NativeIo.syncFileSystem(dataDir);
            if (errno != 0) {
                throw new StorageException("syncfs failed after recovery: dir=" + dataDir + ", errno=" + errno);
            }
            ctx.index.syncWal();
        }
        if (!clean && !dirs.isEmpty()) {
            LOG.info("recovered partitions after an unclean stop: partitions={}, bytesScanned={}, ms={}, dir={}, mode={}",
                    dirs.size(), walker.bytesScanned, (System.nanoTime() - started) / 1_000_000, dataDir,
                    ctx.index.wasCreated() ? "full rebuild" : "from recovery points");
        }
    }

    private static String name(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** True when the last stop was not clean (recovery ran). */
    public boolean recoveredUnclean() {
        return recoveredUnclean;
    }

    @Override
    public PartitionLog getOrCreate(String topic, int partition, long partitionKey, LogConfig config) {
        String name = name(topic, partition);
        DefaultPartitionLog existing = logs.get(name);
        if (existing == null) {
            synchronized (createLock) {
                existing = logs.get(name);
                if (existing == null) {
                    existing = create(topic, partition, partitionKey, config);
                    logs.put(name, existing);
                    return existing;
                }
            }
        }
        if (existing.partitionKey() != partitionKey) {
            throw new IllegalStateException("partition exists with another partitionKey: partition=" + name
                    + ", existing=" + existing.partitionKey() + ", requested=" + partitionKey);
        }
        if (!existing.config().equals(config)) {
            existing.updateConfig(config);
        }
        return existing;
    }

    private DefaultPartitionLog create(String topic, int partition, long partitionKey, LogConfig config) {
        if (closed) {
            throw new IllegalStateException("log manager closed: dir=" + dataDir);
        }
        Path dir = dataDir.resolve(name(topic, partition));
        try {
            Files.createDirectories(dir);
            PartitionMetadata meta = new PartitionMetadata(topic, partition, partitionKey);
            meta.write(dir);
            // durable lazily: the first flush fsyncs the metadata, the partition directory and the data directory
            return new LogLoader(ctx, new SegmentWalker(64 << 10)).load(dir, meta, config, false);
        } catch (IOException e) {
            throw new StorageException("cannot create partition: dir=" + dir, e);
        }
    }

    @Override
    public PartitionLog get(String topic, int partition) {
        return logs.get(name(topic, partition));
    }

    @Override
    public Collection<PartitionLog> logs() {
        return List.copyOf(logs.values());
    }

    @Override
    public void deleteTopic(String topic) {
        synchronized (createLock) {
            for (DefaultPartitionLog log : List.copyOf(logs.values())) {
                if (!log.topic().equals(topic)) {
                    continue;
                }
                logs.remove(name(log.topic(), log.partition()));
                log.closeAndDelete();
                Path doomed = dataDir.resolve(name(log.topic(), log.partition()) + "." + System.nanoTime() + ".deleted");
                try {
                    Files.move(log.dir, doomed);
                    NativeIo.fsyncDirectory(dataDir);
                    ctx.index.deletePartition(log.partitionKey(), true);
                    deleteRecursively(doomed);
                } catch (IOException e) {
                    throw new StorageException("cannot delete partition: dir=" + log.dir, e);
                }
            }
        }
    }

    /** Runs retention on every log now (tests, admin); returns the number of segments deleted. */
    public int applyRetention() {
        int deleted = 0;
        long now = ctx.now();
        for (DefaultPartitionLog log : logs.values()) {
            deleted += log.applyRetention(now);
        }
        return deleted;
    }

    private void tick() {
        long now = ctx.now();
        boolean retention = now - lastRetentionMs >= ctx.options.retentionCheckIntervalMs();
        if (retention) {
            lastRetentionMs = now;
        }
        for (DefaultPartitionLog log : logs.values()) {
            log.tick(now);
            if (retention) {
                log.applyRetention(now);
            }
        }
        ctx.openFiles.trim();
    }

    /** True after an I/O error took the directory offline. */
    public boolean isOffline() {
        return ctx.isOffline();
    }

    StorageContext context() {
        return ctx;
    }

    Path dataDir() {
        return dataDir;
    }

    /** Open read channels over all segments (bounded by {@link LogManagerOptions#maxOpenReadChannels()}). */
    public int openReadChannels() {
        return ctx.openFiles.count();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ctx.maintenance.close();
        for (DefaultPartitionLog log : logs.values()) {
            log.closeClean();
        }
        boolean healthy = !ctx.isOffline();
        if (healthy) {
            // segments were sealed without fsync: one syncfs makes all of them (and new directories) durable
            int errno = NativeIo.syncFileSystem(dataDir);
            if (errno != 0) {
                ctx.fail(new IOException("syncfs failed: dir=" + dataDir + ", errno=" + errno));
            }
        }
        healthy = !ctx.isOffline();
        if (healthy) {
            ctx.index.flushAll();
        }
        ctx.index.close();
        try {
            if (healthy) {
                Files.createFile(dataDir.resolve(CLEAN_SHUTDOWN));
                NativeIo.fsyncDirectory(dataDir);
            }
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish clean shutdown: dir=" + dataDir, e);
        }
    }

    /** Test hook: stops as if the process were killed (nothing sealed, flushed or marked; page cache kept). */
    void closeUnclean() {
        if (closed) {
            return;
        }
        closed = true;
        ctx.maintenance.close();
        for (DefaultPartitionLog log : logs.values()) {
            log.closeUnclean();
        }
        ctx.index.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
