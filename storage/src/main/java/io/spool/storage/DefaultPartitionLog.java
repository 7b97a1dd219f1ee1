package io.spool.storage;

import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchDescriptor;
import io.spool.protocol.record.RecordBatchView;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import static io.spool.storage.AppendResult.Status;

/**
 * A partition log over mmap'd segments with its sparse index in RocksDB.
 *
 * <p>Appends are serialised by the partition lock, held for offset assignment, the copy into the mapping and
 * the publication of the log end offset; validation and CRC checks run before it is taken. Reads are lock-free
 * up to the published {@link LogEnd} and use positional reads, never the mapping. Reservation, prefaulting,
 * sealing, flushing and retention run on the maintenance thread; flushes and truncation are serialised by a
 * second lock taken before the partition lock.
 */
final class DefaultPartitionLog implements PartitionLog {
    private static final ThreadLocal<RecordBatchView> VIEWS = ThreadLocal.withInitial(RecordBatchView::new);

    final String topic;
    final int partition;
    final long partitionKey;
    final Path dir;
    private final StorageContext ctx;
    private final IndexStore index;
    /** Offset and time entries: recorded in memory by the appender, written to RocksDB off the append path. */
    final PartitionIndex partitionIndex;
    private volatile LogConfig config;

    final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock flushLock = new ReentrantLock();

    /** Written under lock; volatile so the maintenance thread never seals the segment being appended to. */
    volatile Segment active;
    // guarded by lock
    final ProducerStateTable producers = new ProducerStateTable();
    LeaderEpochCache epochs = new LeaderEpochCache();
    long runningMaxTimestamp = -1;
    long maxTimestampBatchOffset = -1;
    long maxTimestampSegment = -1;
    int maxTimestampPosition = -1;
    private int bytesSinceTimeEntry;
    private long messagesSinceFlush;
    private boolean closed;

    private volatile LogEnd logEnd;
    private volatile LogEnd highWatermark;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long lastFlushMs;
    /** Bumped (under lock) by every truncation: a flush point taken before one must not be persisted. */
    private int truncations;
    private volatile boolean dirDirty;
    /** The partition directory and its metadata file are not known to be durable yet (created lazily). */
    volatile boolean creationUnsynced;
    private final AtomicBoolean flushPending = new AtomicBoolean();
    private final AtomicBoolean preparing = new AtomicBoolean();
    private volatile SegmentMapping prepared;
    private final LogReads reads;

    DefaultPartitionLog(String topic, int partition, long partitionKey, Path dir, LogConfig config, StorageContext ctx) {
        this.topic = topic;
        this.partition = partition;
        this.partitionKey = partitionKey;
        this.dir = dir;
        this.config = config;
        this.ctx = ctx;
        this.index = ctx.index;
        this.lastFlushMs = ctx.now();
        this.reads = new LogReads(this, ctx);
        this.partitionIndex = new PartitionIndex(index, partitionKey, ctx.maintenance::execute);
    }

    /** Installs the state a {@link LogLoader} built; called once before the log is published. */
    void initialize(long logStartOffset, long recoveryPoint, Segment active, LogEnd logEnd) {
        this.logStartOffset = logStartOffset;
        this.recoveryPoint = recoveryPoint;
        this.active = active;
        this.logEnd = logEnd;
        this.highWatermark = logEnd;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public int partition() {
        return partition;
    }

    long partitionKey() {
        return partitionKey;
    }

    // ------------------------------------------------------------------------------------------------ append

    @Override
    public AppendResult appendAsLeader(ByteBuffer records, int leaderEpoch) {
        return append(records, leaderEpoch, true);
    }

    @Override
    public AppendResult appendAsFollower(ByteBuffer records) {
        return append(records, -1, false);
    }

    private AppendResult append(ByteBuffer records, int leaderEpoch, boolean leader) {
        LogConfig cfg = config;
        long now = ctx.now();
        RecordBatchView view = VIEWS.get();
        int start = records.position();
        int limit = records.limit();
        AppendResult rejected = validate(records, start, limit, leader, cfg, now, view);
        if (rejected != null) {
            return rejected;
        }
        lock.lock();
        try {
            return appendLocked(records, start, limit, leaderEpoch, leader, cfg, now, view);
        } catch (StorageException e) {
            return storageError(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks every batch before the lock is taken (CRC included); a leader also rejects what clients may not send
     * and stamps LogAppendTime. Null when all batches are acceptable.
     */
    private AppendResult validate(ByteBuffer records, int start, int limit, boolean leader, LogConfig cfg, long now,
                                  RecordBatchView view) {
        if (start >= limit) {
            return AppendResult.failure(Status.INVALID_RECORD, logStartOffset, "empty records: length=0");
        }
        for (int pos = start; pos < limit; pos += view.sizeInBytes()) {
            view.wrap(records, pos);
            BatchStatus status = view.validate(limit - pos);
            if (status != BatchStatus.VALID) {
                return invalid(status, pos - start, limit - pos);
            }
            if (!leader) {
                continue;
            }
            int size = view.sizeInBytes();
            if (size > cfg.maxMessageBytes()) {
                return AppendResult.failure(Status.MESSAGE_TOO_LARGE, logStartOffset,
                        "batch exceeds max.message.bytes: batchSize=" + size + ", max.message.bytes=" + cfg.maxMessageBytes());
            }
            if (view.baseOffset() != 0) {
                // a client never assigns offsets; the field lies outside the CRC, so check it explicitly
                return AppendResult.failure(Status.INVALID_RECORD, logStartOffset,
                        "batch base offset must be 0 from a producer: position=" + (pos - start) + ", baseOffset="
                                + view.baseOffset());
            }
            if (view.isTransactional() || view.isControl()) {
                return AppendResult.failure(Status.INVALID_RECORD, logStartOffset,
                        "transactional and control batches are not supported: attributes=" + view.attributes());
            }
            if (view.recordsCount() == 0 || view.lastOffsetDelta() != view.recordsCount() - 1) {
                return AppendResult.failure(Status.INVALID_RECORD, logStartOffset, "batch offsets not dense: recordsCount="
                        + view.recordsCount() + ", lastOffsetDelta=" + view.lastOffsetDelta());
            }
            if (cfg.logAppendTime()) {
                view.attributes((short) (view.attributes() | RecordBatchDescriptor.TIMESTAMP_TYPE_MASK));
                view.maxTimestamp(now);
                view.updateChecksum();
            }
        }
        return null;
    }

    /** An index write failed mid-append: nothing was published (the log end did not move); the directory goes offline. */
    private AppendResult storageError(StorageException e) {
        ctx.fail(e);
        return AppendResult.failure(Status.STORAGE_ERROR, logStartOffset, "index write failed: error=" + e.getMessage());
    }

    private AppendResult invalid(BatchStatus status, int at, int remaining) {
        Status s = status == BatchStatus.BAD_MAGIC ? Status.INVALID_RECORD : Status.CORRUPT_MESSAGE;
        return AppendResult.failure(s, logStartOffset, "invalid batch: status=" + status + ", position=" + at
                + ", remaining=" + remaining);
    }

    private AppendResult appendLocked(ByteBuffer records, int start, int limit, int leaderEpoch, boolean leader,
                                      LogConfig cfg, long now, RecordBatchView view) {
        if (closed || ctx.isOffline()) {
            return AppendResult.failure(Status.STORAGE_ERROR, logStartOffset,
                    "log directory offline: reason=" + ctx.offlineReason() + ", closed=" + closed);
        }
        int total = limit - start;
        long next = logEnd.offset();
        if (leader) {
            AppendResult rejected = checkProducers(records, start, limit, view);
            if (rejected != null) {
                return rejected;
            }
        } else {
            long expected = next;
            int epoch = epochs.latestEpoch();
            for (int pos = start; pos < limit; pos += view.sizeInBytes()) {
                view.wrap(records, pos);
                if (view.baseOffset() != expected || view.partitionLeaderEpoch() < epoch) {
                    return AppendResult.failure(Status.INVALID_RECORD, logStartOffset, "follower batch does not follow the log: baseOffset="
                            + view.baseOffset() + ", expected=" + expected + ", leaderEpoch=" + view.partitionLeaderEpoch()
                            + ", latestEpoch=" + epoch);
                }
                expected = view.lastOffset() + 1;
                epoch = view.partitionLeaderEpoch();
            }
        }
        Segment seg = active;
        if (seg.size > 0 && (seg.size + (long) total > seg.mapping.capacity() || now - seg.createdMs >= cfg.segmentMs())) {
            AppendResult failed = roll(cfg, now);
            if (failed != null) {
                return failed;
            }
            seg = active;
        }
        SegmentMapping mapping = seg.mapping;
        int position = seg.size;
        if (position + (long) total > mapping.capacity()) {
            return AppendResult.failure(Status.MESSAGE_TOO_LARGE, logStartOffset,
                    "batches exceed segment.bytes: bytes=" + total + ", segment.bytes=" + mapping.capacity());
        }
        if (position + total > mapping.reservedEnd()) {
            int errno = mapping.reserve(position + total, cfg.preallocBytes());
            if (errno == NativeIo.ENOSPC) {
                return AppendResult.failure(Status.OUT_OF_SPACE, logStartOffset,
                        "no space left on device: path=" + mapping.path() + ", bytes=" + total);
            }
            if (errno != 0) {
                ctx.fail(new IOException("fallocate failed: path=" + mapping.path() + ", errno=" + errno));
                return AppendResult.failure(Status.STORAGE_ERROR, logStartOffset, "fallocate failed: errno=" + errno);
            }
        }
        long first = leader ? next : records.getLong(start + RecordBatchDescriptor.BASE_OFFSET_OFFSET);
        if (leader) {
            for (int pos = start; pos < limit; pos += view.sizeInBytes()) {
                view.wrap(records, pos);
                view.baseOffset(next);
                view.partitionLeaderEpoch(leaderEpoch);
                next = view.lastOffset() + 1;
            }
        }
        mapping.buffer().putBytes(position, records, start, total);

        long records0 = 0;
        for (int pos = start; pos < limit; pos += view.sizeInBytes()) {
            view.wrap(records, pos);
            onBatch(seg, view, position + (pos - start), cfg, true);
            records0 += view.recordsCount();
        }
        long last = view.lastOffset();
        if (!leader) {
            next = last + 1;
        }
        seg.size = position + total;
        seg.nextOffset = next;
        if (seg.size - seg.droppedTo >= UNMAP_BEHIND_BYTES) {
            int to = seg.size & ~4095; // the partly written last page stays mapped: the next append writes it
            mapping.dropMapped(seg.droppedTo, to);
            seg.droppedTo = to;
        }
        logEnd = new LogEnd(next, seg, position + total);
        afterAppend(seg, cfg, records0, now);
        return new AppendResult(Status.APPENDED, first, last,
                leader && cfg.logAppendTime() ? now : -1, logStartOffset, null);
    }

    /** Idempotence: null when every batch is new (or not idempotent), else the result to return. */
    private AppendResult checkProducers(ByteBuffer records, int start, int limit, RecordBatchView view) {
        long previousId = RecordBatchDescriptor.NO_PRODUCER_ID;
        int previousLastSeq = 0;
        short previousEpoch = 0;
        int batches = 0;
        for (int pos = start; pos < limit; pos += view.sizeInBytes()) {
            batches++;
            view.wrap(records, pos);
            long producerId = view.producerId();
            if (producerId < 0) {
                continue;
            }
            short epoch = view.producerEpoch();
            int firstSeq = view.baseSequence();
            int lastSeq = view.lastSequence();
            int verdict;
            if (producerId == previousId && epoch == previousEpoch
                    && firstSeq == ProducerStateTable.nextSequence(previousLastSeq)) {
                verdict = ProducerStateTable.NEW;
            } else {
                verdict = producers.check(producerId, epoch, firstSeq, lastSeq);
            }
            switch (verdict) {
                case ProducerStateTable.NEW -> {
                    previousId = producerId;
                    previousEpoch = epoch;
                    previousLastSeq = lastSeq;
                }
                case ProducerStateTable.DUPLICATE -> {
                    if (batches == 1 && pos + view.sizeInBytes() == limit) {
                        return new AppendResult(Status.DUPLICATE, producers.duplicateFirstOffset,
                                producers.duplicateLastOffset, -1, logStartOffset, null);
                    }
                    return AppendResult.failure(Status.OUT_OF_ORDER_SEQUENCE, logStartOffset,
                            "duplicate batch inside a multi-batch append: producerId=" + producerId + ", baseSequence=" + firstSeq);
                }
                case ProducerStateTable.FENCED -> {
                    return AppendResult.failure(Status.INVALID_PRODUCER_EPOCH, logStartOffset,
                            "producer epoch fenced: producerId=" + producerId + ", producerEpoch=" + epoch);
                }
                case ProducerStateTable.UNKNOWN_PRODUCER -> {
                    return AppendResult.failure(Status.UNKNOWN_PRODUCER_ID, logStartOffset,
                            "unknown producer with non-zero sequence: producerId=" + producerId + ", baseSequence=" + firstSeq);
                }
                default -> {
                    return AppendResult.failure(Status.OUT_OF_ORDER_SEQUENCE, logStartOffset,
                            "out of order sequence: producerId=" + producerId + ", producerEpoch=" + epoch + ", baseSequence=" + firstSeq);
                }
            }
        }
        return null;
    }

    /** Index, time index, producer state and epochs for one batch now in {@code seg} at {@code position}. */
    void onBatch(Segment seg, RecordBatchView batch, int position, LogConfig cfg, boolean cache) {
        int size = batch.sizeInBytes();
        long baseOffset = batch.baseOffset();
        if (seg.bytesSinceIndexEntry >= cfg.indexIntervalBytes()) {
            partitionIndex.putOffset(baseOffset, seg.baseOffset, position);
            OffsetIndexCache c = seg.indexCache;
            if (cache && c != null) {
                c.add(baseOffset, position);
            }
            seg.bytesSinceIndexEntry = 0;
        }
        seg.bytesSinceIndexEntry += size;
        long ts = batch.maxTimestamp();
        if (ts > seg.maxTimestamp) {
            seg.maxTimestamp = ts;
        }
        if (ts > runningMaxTimestamp) {
            runningMaxTimestamp = ts;
            maxTimestampBatchOffset = baseOffset;
            maxTimestampSegment = seg.baseOffset;
            maxTimestampPosition = position;
            if (bytesSinceTimeEntry >= cfg.indexIntervalBytes()) {
                partitionIndex.putTime(ts, baseOffset, seg.baseOffset, position);
                bytesSinceTimeEntry = 0;
            }
        }
        bytesSinceTimeEntry += size;
        long producerId = batch.producerId();
        if (producerId >= 0) {
            producers.record(producerId, batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(),
                    baseOffset, batch.lastOffset());
        }
        int epoch = batch.partitionLeaderEpoch();
        if (epoch > epochs.latestEpoch() && epochs.assign(epoch, baseOffset) && cache) {
            try (IndexStore.MetaBatch meta = index.metaBatch()) {
                meta.putMeta(partitionKey, IndexStore.META_LEADER_EPOCHS, epochs.serialize()).commit(false);
            }
        }
    }

    private void afterAppend(Segment seg, LogConfig cfg, long recordCount, long now) {
        SegmentMapping mapping = seg.mapping;
        if (!seg.reservePending && seg.size + cfg.preallocBytes() > mapping.reservedEnd()
                && mapping.reservedEnd() < mapping.capacity()) {
            seg.reservePending = true;
            ctx.maintenance.execute(() -> reserveAhead(seg));
        }
        if (prepared == null && seg.size > mapping.capacity() / 2 && preparing.compareAndSet(false, true)) {
            ctx.maintenance.execute(this::prepareNextSegment);
        }
        messagesSinceFlush += recordCount;
        if (messagesSinceFlush >= cfg.flushMessages() && flushPending.compareAndSet(false, true)) {
            ctx.maintenance.execute(this::backgroundFlush);
        }
    }

    /** Rolls to a new active segment at the log end; null on success, else the failure to return. */
    private AppendResult roll(LogConfig cfg, long now) {
        Segment old = active;
        long base = logEnd.offset();
        Path target = dir.resolve(Segment.fileName(base));
        SegmentMapping mapping = prepared;
        prepared = null;
        try {
            if (mapping != null && mapping.capacity() == cfg.segmentBytes()) {
                if (Files.exists(target)) {
                    // rename(2) would replace it: never overwrite an existing segment
                    throw new java.nio.file.FileAlreadyExistsException(target.toString());
                }
                Files.move(mapping.path(), target, StandardCopyOption.ATOMIC_MOVE);
                mapping.movedTo(target);
            } else {
                if (mapping != null) {
                    discard(mapping);
                }
                mapping = SegmentMapping.create(target, cfg.segmentBytes(), cfg.preallocBytes());
            }
        } catch (SegmentMapping.OutOfSpaceException e) {
            return AppendResult.failure(Status.OUT_OF_SPACE, logStartOffset, e.getMessage());
        } catch (IOException | RuntimeException e) {
            ctx.fail(e);
            return AppendResult.failure(Status.STORAGE_ERROR, logStartOffset, "segment roll failed: path=" + target + ", error=" + e);
        }
        Segment seg = new Segment(base, new SegmentFile(target, ctx.openFiles), now);
        seg.mapping = mapping;
        seg.indexCache = new OffsetIndexCache(ctx.options.indexCacheEntries(), true);
        segments.put(base, seg);
        active = seg;
        old.indexCache = null;
        old.nextOffset = base;
        dirDirty = true;
        LogEnd oldEnd = logEnd;
        // the point to persist once `old` is sealed: the log as it is at the roll, not later (Kafka flushes a
        // rolled log up to the new segment's base offset; forcing the active segment as well cost 40-150 ms of
        // msync per roll and write-protected the pages the appender had just written)
        FlushPoint rollPoint = new FlushPoint(oldEnd, encodePoint(oldEnd), producers.serialize(), epochs.serialize(),
                truncations);
        logEnd = new LogEnd(base, seg, 0);
        SegmentMapping retired = old.mapping;
        retired.retire();
        ctx.maintenance.executeUnlink(retired::unmapRetired);
        ctx.maintenance.execute(() -> sealAndFlush(old, rollPoint));
        return null;
    }

    // ------------------------------------------------------------------------------------ maintenance tasks

    /**
     * Reserves disk space two chunks ahead of the appender (asked for when less than one is left), so the appender
     * never fallocates itself (measured: an appender's fallocate took up to 110 ms while a retired segment's unlink
     * freed its blocks). No prefault here: the pages of the active segment are faulted in by the appender. A
     * prefault running beside the appender on the same file slowed it down (1 partition: 0.50-0.55 of the plain
     * copy with it, 0.51-0.57 without, in 8 interleaved pairs; docs/benchmarks.md); only the next segment's first
     * chunk is prefaulted, while nobody writes it ({@link #prepareNextSegment}).
     */
    private void reserveAhead(Segment seg) {
        try {
            SegmentMapping mapping = seg.mapping;
            if (mapping != null) {
                int chunk = config.preallocBytes();
                mapping.reserve(seg.size + 2L * chunk, chunk);
            }
        } finally {
            seg.reservePending = false;
        }
    }

    private void prepareNextSegment() {
        try {
            if (prepared != null || closed) {
                return;
            }
            LogConfig cfg = config;
            Path path = dir.resolve("next-" + System.nanoTime() + ".log.tmp");
            SegmentMapping mapping = SegmentMapping.create(path, cfg.segmentBytes(), cfg.preallocBytes());
            mapping.prefaultReserved();
            lock.lock();
            try {
                if (closed) {
                    discard(mapping);
                } else {
                    prepared = mapping;
                }
            } finally {
                lock.unlock();
            }
        } catch (SegmentMapping.OutOfSpaceException e) {
            // the roll will try again and report OUT_OF_SPACE to the appender
        } catch (IOException e) {
            ctx.fail(e);
        } finally {
            preparing.set(false);
        }
    }

    private static void discard(SegmentMapping mapping) {
        mapping.unmap();
        try {
            Files.deleteIfExists(mapping.path());
        } catch (IOException ignored) {
            // a stray prepared file is deleted on the next open
        }
    }

    private void sealAndFlush(Segment seg, FlushPoint rollPoint) {
        flushLock.lock();
        try {
            seal(seg);
            persist(rollPoint, false);
        } finally {
            flushLock.unlock();
        }
    }

    /** Seals a rolled segment; a no-op for the active one (a truncation may have made a rolled segment active again). */
    private void seal(Segment seg) {
        SegmentMapping mapping = seg.mapping;
        if (mapping == null || seg == active) {
            return;
        }
        try {
            mapping.seal(seg.size);
            seg.flushedPosition = seg.size;
            seg.mapping = null;
        } catch (IOException e) {
            ctx.fail(e);
            return;
        }
        dropSealedPageCache(seg);
    }

    /**
     * {@code log.page.cache.sealed.segments} = n >= 0: once {@code sealed} is forced, the sealed segment n places
     * older than it (itself for 0) leaves the page cache (its pages are clean now). Why it exists: on a VM whose free
     * memory is handed back to the host (virtio-balloon free page reporting, as on the machines we measure on), a
     * page the log has not used before costs ~8 us to touch instead of ~0.7 us, and a page cache that keeps every
     * sealed segment makes each new page such a page; dropped pages are reused at once. The cost: a consumer or
     * follower reading that segment later reads it from disk (still by sendfile). -1 (the default) keeps Kafka's
     * behaviour: the kernel decides.
     */
    private void dropSealedPageCache(Segment sealed) {
        int keep = ctx.options.cachedSealedSegments();
        if (keep < 0) {
            return;
        }
        Segment target = sealed;
        var older = segments.headMap(sealed.baseOffset, false).descendingMap().values().iterator();
        for (int i = 0; i < keep && target != null; i++) {
            target = older.hasNext() ? older.next() : null;
        }
        if (target != null && target.mapping == null) {
            // best effort: retention may have renamed or deleted it meanwhile
            NativeIo.dropCache(target.path());
        }
    }

    private void backgroundFlush() {
        flushPending.set(false);
        flush();
    }

    /** Maintenance tick (maintenance thread): flush.ms, preparing the next segment before a time roll, index writes. */
    void tick(long now) {
        LogConfig cfg = config;
        if (cfg.flushMs() != Long.MAX_VALUE && now - lastFlushMs >= cfg.flushMs() && logEnd.offset() > recoveryPoint) {
            flush();
        }
        Segment seg = active;
        if (seg != null && seg.size > 0 && prepared == null && now - seg.createdMs >= cfg.segmentMs() / 2
                && preparing.compareAndSet(false, true)) {
            prepareNextSegment();
        }
        partitionIndex.flush();
    }

    @Override
    public void flush() {
        flushLock.lock();
        try {
            flushLocked();
        } finally {
            flushLock.unlock();
        }
    }

    /** Forces every byte below the log end, fsyncs the directory if needed, then moves the recovery point. */
    private void flushLocked() {
        FlushPoint at;
        lock.lock();
        try {
            if (closed || ctx.isOffline()) {
                return;
            }
            LogEnd end = logEnd;
            at = new FlushPoint(end, encodePoint(end), producers.serialize(), epochs.serialize(), truncations);
            messagesSinceFlush = 0;
            lastFlushMs = ctx.now();
        } finally {
            lock.unlock();
        }
        persist(at, true);
    }

    /** A log end with the state to persist with it as the recovery point, taken under the partition lock. */
    private record FlushPoint(LogEnd end, byte[] point, byte[] producerSnapshot, byte[] epochSnapshot,
                              int truncations) {
    }

    /**
     * Forces every byte below {@code at}, fsyncs the directory if needed, then persists {@code at} as the
     * recovery point (never moving it back, never after a truncation that followed {@code at}). Holds flushLock.
     */
    private void persist(FlushPoint at, boolean sync) {
        LogEnd end = at.end();
        byte[] point = at.point();
        byte[] producerSnapshot = at.producerSnapshot();
        byte[] epochSnapshot = at.epochSnapshot();
        lock.lock();
        try {
            if (closed || ctx.isOffline() || at.truncations() != truncations) {
                return;
            }
        } finally {
            lock.unlock();
        }
        if (end.offset() <= recoveryPoint && !dirDirty) {
            return;
        }
        for (Segment seg : segments.headMap(end.segment().baseOffset, true).values()) {
            int target = seg == end.segment() ? end.position() : seg.size;
            if (seg.flushedPosition >= target) {
                continue;
            }
            SegmentMapping mapping = seg.mapping;
            if (mapping != null && seg != end.segment()) {
                // rolled but not sealed yet: seal it, so no file below the recovery point keeps a preallocated tail
                seal(seg);
            } else if (mapping != null) {
                mapping.force(seg.flushedPosition, target);
            }
            seg.flushedPosition = target;
        }
        if (creationUnsynced) {
            try (FileChannel metadata = FileChannel.open(dir.resolve(PartitionMetadata.FILE_NAME), StandardOpenOption.WRITE)) {
                metadata.force(true);
            } catch (IOException e) {
                ctx.fail(e);
                return;
            }
            dirDirty = true;
        }
        if (dirDirty) {
            dirDirty = false;
            int errno = NativeIo.fsyncDirectory(dir);
            if (errno == 0 && creationUnsynced) {
                errno = NativeIo.fsyncDirectory(dir.getParent());
                creationUnsynced = false;
            }
            if (errno != 0) {
                ctx.fail(new IOException("fsync failed: dir=" + dir + ", errno=" + errno));
                return;
            }
        }
        if (end.offset() <= recoveryPoint) {
            return; // a later point is already persisted (a flush ran before this roll's seal)
        }
        // every index entry below the new recovery point was recorded before `end` was read and is written
        // first, so the WAL never holds the point without them (synced or not, they stand or fall together)
        partitionIndex.flush();
        try (IndexStore.MetaBatch meta = index.metaBatch()) {
            meta.putMeta(partitionKey, IndexStore.META_RECOVERY_POINT, point)
                    .putMeta(partitionKey, IndexStore.META_LEADER_EPOCHS, epochSnapshot)
                    .putProducers(partitionKey, producerSnapshot)
                    .commit(sync);
        }
        recoveryPoint = end.offset();
    }

    /** Recovery point / clean end: offset, segment, position and the running max timestamp at that point. */
    byte[] encodePoint(LogEnd end) {
        ByteBuffer b = ByteBuffer.allocate(POINT_LENGTH);
        b.putLong(end.offset()).putLong(end.segment().baseOffset).putInt(end.position())
                .putLong(runningMaxTimestamp).putLong(maxTimestampBatchOffset).putLong(maxTimestampSegment)
                .putInt(maxTimestampPosition);
        return b.array();
    }

    /** The appender drops the page-table entries of what it wrote every this many bytes ({@link SegmentMapping#dropMapped}). */
    static final int UNMAP_BEHIND_BYTES = 2 << 20;

    static final int POINT_LENGTH = 8 + 8 + 4 + 8 + 8 + 8 + 4;

    // ------------------------------------------------------------------------------------------------- reads

    @Override
    public ReadResult read(long fetchOffset, long maxOffset, int maxBytes, boolean minOneBatch) {
        return reads.read(fetchOffset, maxOffset, maxBytes, minOneBatch);
    }

    @Override
    public TimestampLookup lookupTimestamp(long timestamp) {
        return reads.offsetForTimestamp(timestamp);
    }

    @Override
    public TimestampLookup lookupMaxTimestamp() {
        long ts;
        long segmentBase;
        int position;
        lock.lock();
        try {
            ts = runningMaxTimestamp;
            segmentBase = maxTimestampSegment;
            position = maxTimestampPosition;
        } finally {
            lock.unlock();
        }
        return reads.recordWithTimestamp(ts, segmentBase, position);
    }

    LogEnd highWatermarkEnd() {
        return highWatermark;
    }

    StorageContext context() {
        return ctx;
    }
    // ------------------------------------------------------------------------------------------------- state

    @Override
    public long logStartOffset() {
        return logStartOffset;
    }

    @Override
    public long logEndOffset() {
        return logEnd.offset();
    }

    LogEnd logEnd() {
        return logEnd;
    }

    @Override
    public long highWatermark() {
        return highWatermark.offset();
    }

    @Override
    public void updateHighWatermark(long offset) {
        LogEnd end = logEnd;
        long hw = Math.min(offset, end.offset());
        if (hw <= highWatermark.offset()) {
            return;
        }
        highWatermark = hw == end.offset() ? end : new LogEnd(hw, null, -1);
    }

    @Override
    public long recoveryPoint() {
        return recoveryPoint;
    }

    @Override
    public long sizeInBytes() {
        LogEnd end = logEnd;
        long total = 0;
        for (Segment seg : segments.values()) {
            total += seg == end.segment() ? end.position() : seg.size;
        }
        return total;
    }

    @Override
    public LogConfig config() {
        return config;
    }

    @Override
    public void updateConfig(LogConfig config) {
        this.config = config;
    }

    int segmentCount() {
        return segments.size();
    }

    // ------------------------------------------------------------------------------------- truncation

    @Override
    public void truncateTo(long offset) {
        flushLock.lock();
        lock.lock();
        try {
            LogEnd end = logEnd;
            if (closed || offset >= end.offset()) {
                return;
            }
            if (offset <= logStartOffset) {
                truncateFullyAndStartAt(offset);
                return;
            }
            Segment seg = segments.floorEntry(offset).getValue();
            int segmentEnd = seg == end.segment() ? end.position() : seg.size;
            int position;
            long newEnd;
            if (!seg.file.tryRetainOpen()) {
                throw new StorageException("segment vanished during truncation: path=" + seg.path());
            }
            try {
                FileChannel channel = seg.file.channel();
                position = reads.locate(seg, channel, offset, segmentEnd);
                if (position < 0) {
                    position = segmentEnd;
                    newEnd = seg == end.segment() ? end.offset() : seg.nextOffset;
                } else {
                    newEnd = BatchHeaderReader.get().read(channel, position, segmentEnd).baseOffset();
                }
            } finally {
                seg.file.release();
            }
            for (Segment later : new ArrayList<>(segments.tailMap(seg.baseOffset, false).values())) {
                segments.remove(later.baseOffset);
                SegmentMapping mapping = later.mapping;
                if (mapping != null) {
                    mapping.unmap();
                    later.mapping = null;
                }
                later.file.delete();
            }
            if (seg.mapping != null && seg.mapping.reactivate(position, seg.size - position)) {
                if (seg.indexCache != null) {
                    seg.indexCache.truncateFrom(newEnd);
                }
            } else {
                if (seg.mapping != null) {
                    seg.mapping.unmap(); // rolled and unmapped early, not sealed: reopen the file as it is
                }
                seg.mapping = SegmentMapping.reopen(seg.path(), position, config.segmentBytes(), config.preallocBytes(), true);
                seg.indexCache = new OffsetIndexCache(ctx.options.indexCacheEntries(), false);
            }
            seg.size = position;
            seg.droppedTo = Math.min(seg.droppedTo, position & ~4095);
            seg.nextOffset = newEnd;
            seg.flushedPosition = Math.min(seg.flushedPosition, position);
            seg.bytesSinceIndexEntry = 0;
            active = seg;
            SegmentMapping spare = prepared;
            prepared = null;
            if (spare != null) {
                discard(spare);
            }
            afterTruncation(new LogEnd(newEnd, seg, position));
        } catch (IOException e) {
            ctx.fail(e);
        } finally {
            lock.unlock();
            flushLock.unlock();
        }
    }

    private void truncateFullyAndStartAt(long offset) throws IOException {
        for (Segment seg : new ArrayList<>(segments.values())) {
            segments.remove(seg.baseOffset);
            SegmentMapping mapping = seg.mapping;
            if (mapping != null) {
                mapping.unmap();
                seg.mapping = null;
            }
            seg.file.delete();
        }
        Path path = dir.resolve(Segment.fileName(offset));
        Segment seg = new Segment(offset, new SegmentFile(path, ctx.openFiles), ctx.now());
        seg.mapping = SegmentMapping.create(path, config.segmentBytes(), config.preallocBytes());
        seg.indexCache = new OffsetIndexCache(ctx.options.indexCacheEntries(), true);
        segments.put(offset, seg);
        active = seg;
        dirDirty = true;
        writeLogStartOffset(offset);
        logStartOffset = offset;
        partitionIndex.deleteBelow(offset);
        afterTruncation(new LogEnd(offset, seg, 0));
    }

    private void afterTruncation(LogEnd end) {
        truncations++;
        partitionIndex.truncateFrom(end.offset());
        producers.truncateFrom(end.offset());
        epochs.truncateFrom(end.offset());
        IndexStore.Entry last = new IndexStore.Entry();
        if (partitionIndex.lastTime(last)) {
            runningMaxTimestamp = last.timestamp;
            maxTimestampBatchOffset = last.offset;
            maxTimestampSegment = last.segmentBase;
            maxTimestampPosition = last.position;
        } else {
            runningMaxTimestamp = -1;
            maxTimestampBatchOffset = -1;
            maxTimestampSegment = -1;
            maxTimestampPosition = -1;
        }
        bytesSinceTimeEntry = 0;
        logEnd = end;
        if (highWatermark.offset() > end.offset()) {
            highWatermark = end;
        }
        if (recoveryPoint > end.offset()) {
            recoveryPoint = end.offset();
            try (IndexStore.MetaBatch meta = index.metaBatch()) {
                meta.putMeta(partitionKey, IndexStore.META_RECOVERY_POINT, encodePoint(end))
                        .putMeta(partitionKey, IndexStore.META_LEADER_EPOCHS, epochs.serialize())
                        .putProducers(partitionKey, producers.serialize())
                        .commit(true);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ retention

    /** Deletes whole sealed segments beyond retention.ms / retention.bytes; returns how many. Maintenance thread. */
    int applyRetention(long now) {
        flushLock.lock();
        try {
            return applyRetentionLocked(now);
        } finally {
            flushLock.unlock();
        }
    }

    private int applyRetentionLocked(long now) {
        LogConfig cfg = config;
        if (cfg.retentionMs() < 0 && cfg.retentionBytes() < 0) {
            return 0;
        }
        List<Segment> doomed = new ArrayList<>();
        long total = sizeInBytes();
        Segment current = active;
        for (Segment seg : segments.values()) {
            if (seg == current || seg.mapping != null) {
                break;
            }
            boolean byTime = cfg.retentionMs() >= 0 && segmentMaxTimestamp(seg) >= 0
                    && now - seg.maxTimestamp > cfg.retentionMs();
            boolean bySize = cfg.retentionBytes() >= 0 && total - seg.size >= cfg.retentionBytes();
            if (!byTime && !bySize) {
                break;
            }
            total -= seg.size;
            doomed.add(seg);
        }
        if (doomed.isEmpty()) {
            return 0;
        }
        long newStart = doomed.getLast().nextOffset;
        deleteSegmentsBelow(doomed, newStart);
        return doomed.size();
    }

    /** Advances the log start offset (synced first: it is authoritative), then unlinks the segments. */
    private void deleteSegmentsBelow(List<Segment> doomed, long newStart) {
        if (isClosed()) {
            return;
        }
        if (newStart > logStartOffset) {
            // synced, but not under the partition lock (the appender must not wait for an fdatasync); flushLock,
            // held by the caller, keeps truncation, retention and topic deletion out meanwhile
            writeLogStartOffset(newStart);
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (newStart > logStartOffset) {
                logStartOffset = newStart;
            }
            for (Segment seg : doomed) {
                segments.remove(seg.baseOffset);
            }
        } finally {
            lock.unlock();
        }
        for (Segment seg : doomed) {
            seg.file.deleteLater(ctx.maintenance::executeUnlink);
        }
        partitionIndex.deleteBelow(newStart);
    }

    @Override
    public void advanceLogStartOffset(long offset) {
        flushLock.lock();
        try {
            advanceLogStartOffsetLocked(offset);
        } finally {
            flushLock.unlock();
        }
    }

    private void advanceLogStartOffsetLocked(long offset) {
        long newStart = Math.max(Math.min(offset, highWatermark.offset()), logStartOffset);
        List<Segment> doomed = new ArrayList<>();
        for (Segment seg : segments.values()) {
            // a segment still being sealed (mapped) when the start passed it goes at a later call
            if (seg == active || seg.mapping != null || seg.nextOffset > newStart) {
                break;
            }
            doomed.add(seg);
        }
        if (doomed.isEmpty() && newStart == logStartOffset) {
            return;
        }
        deleteSegmentsBelow(doomed, newStart);
    }

    @Override
    public void storeStateSnapshot(byte[] snapshot) {
        lock.lock();
        try {
            checkOpen();
            try (IndexStore.MetaBatch meta = index.metaBatch()) {
                meta.putMeta(partitionKey, IndexStore.META_STATE_SNAPSHOT, snapshot).commit(true);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] stateSnapshot() {
        lock.lock();
        try {
            checkOpen();
            return index.getMeta(partitionKey, IndexStore.META_STATE_SNAPSHOT);
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** RocksDB must not be touched once the log (and maybe the index) is closed: a clear error instead. */
    private void checkOpen() {
        if (closed || ctx.isOffline()) {
            throw new StorageException("partition log closed or offline: " + this);
        }
    }

    private void writeLogStartOffset(long offset) {
        try (IndexStore.MetaBatch meta = index.metaBatch()) {
            meta.putMeta(partitionKey, IndexStore.META_LOG_START_OFFSET, ByteBuffer.allocate(8).putLong(offset).array())
                    .commit(true);
        }
    }

    /** The segment's largest batch timestamp, scanning its headers once if it is not known yet (-2). */
    private long segmentMaxTimestamp(Segment seg) {
        if (seg.maxTimestamp != -2) {
            return seg.maxTimestamp;
        }
        long max = -1;
        if (seg.file.tryRetainOpen()) {
            try {
                FileChannel channel = seg.file.channel();
                BatchHeaderReader reader = BatchHeaderReader.get();
                int position = 0;
                while (position < seg.size) {
                    RecordBatchView header = reader.read(channel, position, seg.size);
                    if (header == null) {
                        break;
                    }
                    max = Math.max(max, header.maxTimestamp());
                    position += header.sizeInBytes();
                }
            } catch (IOException e) {
                ctx.fail(e);
            } finally {
                seg.file.release();
            }
        }
        seg.maxTimestamp = max;
        return max;
    }

    // -------------------------------------------------------------------------------------------- closing

    /**
     * Seals every mapped segment, records the clean end (unsynced) and drops the files' owner references. The
     * caller then makes the data directory durable with one syncfs and syncs the index.
     */
    void closeClean() {
        flushLock.lock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            LogEnd end = logEnd;
            boolean healthy = !ctx.isOffline();
            for (Segment seg : segments.values()) {
                if (seg.mapping != null) {
                    if (healthy) {
                        try {
                            seg.mapping.seal(seg.size, false);
                            seg.mapping = null;
                        } catch (IOException e) {
                            ctx.fail(e);
                        }
                    } else {
                        seg.mapping.unmap();
                        seg.mapping = null;
                    }
                }
            }
            SegmentMapping spare = prepared;
            prepared = null;
            if (spare != null) {
                discard(spare);
            }
            if (healthy && !ctx.isOffline()) {
                dirDirty = false;
                creationUnsynced = false;
                byte[] point = encodePoint(end);
                partitionIndex.flush();
                try (IndexStore.MetaBatch meta = index.metaBatch()) {
                    meta.putMeta(partitionKey, IndexStore.META_RECOVERY_POINT, point)
                            .putMeta(partitionKey, IndexStore.META_CLEAN_LOG_END, point)
                            .putMeta(partitionKey, IndexStore.META_LEADER_EPOCHS, epochs.serialize())
                            .putProducers(partitionKey, producers.serialize())
                            .commit(false);
                }
                recoveryPoint = end.offset();
            }
            closed = true;
            for (Segment seg : segments.values()) {
                seg.file.closeOwner();
            }
        } finally {
            lock.unlock();
            flushLock.unlock();
        }
    }

    /** Test hook: stops like a killed process (page cache kept): unmaps, writes nothing, truncates nothing. */
    void closeUnclean() {
        lock.lock();
        try {
            closed = true;
            partitionIndex.clear();
            for (Segment seg : segments.values()) {
                SegmentMapping mapping = seg.mapping;
                if (mapping != null) {
                    mapping.unmap();
                    seg.mapping = null;
                }
                seg.file.closeOwner();
            }
            SegmentMapping spare = prepared;
            prepared = null;
            if (spare != null) {
                spare.unmap();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes and removes every file of this partition (topic deletion); the caller removes the index keys. */
    void closeAndDelete() {
        // under flushLock: retention writes the log start offset outside the partition lock, and must not
        // write it after the caller removed this partition's index keys
        flushLock.lock();
        try {
            closeUnclean();
        } finally {
            flushLock.unlock();
        }
        for (Segment seg : segments.values()) {
            seg.file.delete();
        }
    }

    @Override
    public String toString() {
        return "PartitionLog[" + topic + "-" + partition + ", start=" + logStartOffset + ", end=" + logEnd.offset() + "]";
    }
}
