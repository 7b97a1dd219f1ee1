package io.spool.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one partition directory into a {@link DefaultPartitionLog}. After a clean shutdown it trusts the
 * persisted log end and reads no segment bytes. Otherwise it deletes index entries at or above the recovery
 * point, walks the segments from there ({@link SegmentWalker}), cuts the log at the first rejected batch,
 * rebuilds index entries, producer state and leader epochs for the walked range, and persists the new recovery
 * point. Without an index (deleted RocksDB directory) the walk starts at the first segment: a full rebuild.
 */
final class LogLoader {
    private final StorageContext ctx;
    private final SegmentWalker walker;

    LogLoader(StorageContext ctx, SegmentWalker walker) {
        this.ctx = ctx;
        this.walker = walker;
    }

    /** A recovery point or clean end as persisted by {@link DefaultPartitionLog#encodePoint}. */
    record Point(long offset, long segmentBase, int position, long maxTimestamp, long maxTimestampOffset,
                 long maxTimestampSegment, int maxTimestampPosition) {
        static Point parse(byte[] bytes) {
            if (bytes == null || bytes.length != DefaultPartitionLog.POINT_LENGTH) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            return new Point(b.getLong(), b.getLong(), b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getInt());
        }
    }

    DefaultPartitionLog load(Path dir, PartitionMetadata meta, LogConfig cfg, boolean clean) throws IOException {
        IndexStore index = ctx.index;
        long key = meta.partitionKey();
        DefaultPartitionLog log = new DefaultPartitionLog(meta.topic(), meta.partition(), key, dir, cfg, ctx);

        List<Long> bases = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                } else if (Segment.parseBaseOffset(name) >= 0) {
                    bases.add(Segment.parseBaseOffset(name));
                }
            }
        }
        bases.sort(null);

        byte[] startBytes = index.getMeta(key, IndexStore.META_LOG_START_OFFSET);
        long fallbackStart = bases.isEmpty() ? 0 : bases.getFirst();
        long logStart = startBytes != null ? ByteBuffer.wrap(startBytes).getLong() : fallbackStart;
        // retention that crashed between advancing the log start and unlinking its segments
        while (bases.size() > 1 && bases.get(1) <= logStart) {
            Files.deleteIfExists(dir.resolve(Segment.fileName(bases.removeFirst())));
        }
        if (!bases.isEmpty() && logStart < bases.getFirst()) {
            logStart = bases.getFirst();
        }
        boolean stored = startBytes != null && ByteBuffer.wrap(startBytes).getLong() == logStart;
        if (!stored && (startBytes != null || logStart != (bases.isEmpty() ? 0 : bases.getFirst()))) {
            // only a log start that differs from the first segment's base needs to be stored
            writeLogStart(key, logStart);
        }
        if (bases.isEmpty()) {
            return startEmpty(log, dir, cfg, logStart);
        }

        List<Segment> segs = new ArrayList<>(bases.size());
        for (int i = 0; i < bases.size(); i++) {
            Path path = dir.resolve(Segment.fileName(bases.get(i)));
            Segment seg = new Segment(bases.get(i), new SegmentFile(path, ctx.openFiles), ctx.now());
            seg.size = (int) Math.min(Integer.MAX_VALUE, Files.size(path));
            seg.flushedPosition = seg.size;
            seg.maxTimestamp = -2;
            seg.nextOffset = i + 1 < bases.size() ? bases.get(i + 1) : seg.baseOffset;
            segs.add(seg);
        }
        Segment last = segs.getLast();

        Point cleanEnd = clean && !index.wasCreated() ? Point.parse(index.getMeta(key, IndexStore.META_CLEAN_LOG_END)) : null;
        if (cleanEnd != null && cleanEnd.segmentBase() == last.baseOffset && cleanEnd.position() == last.size) {
            restore(log, cleanEnd, key);
            last.nextOffset = cleanEnd.offset();
            return finish(log, segs, cfg, logStart, cleanEnd.offset(), false);
        }

        Point start = index.wasCreated() ? null : Point.parse(index.getMeta(key, IndexStore.META_RECOVERY_POINT));
        int startIndex = start == null ? -1 : bases.indexOf(start.segmentBase());
        if (start == null || startIndex < 0 || start.offset() < logStart || start.position() > segs.get(startIndex).size) {
            start = null;
            startIndex = 0;
        } else {
            restore(log, start, key);
            log.epochs.truncateFrom(start.offset());
        }
        long expected = start == null ? segs.getFirst().baseOffset : start.offset();
        log.partitionIndex.truncateFrom(expected);

        int keep = segs.size();
        for (int i = startIndex; i < segs.size(); i++) {
            Segment seg = segs.get(i);
            if (i > startIndex && seg.baseOffset != expected) {
                keep = i;
                break;
            }
            int from = start != null && i == startIndex ? start.position() : 0;
            boolean complete;
            try (FileChannel channel = FileChannel.open(seg.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                if (from == 0) {
                    seg.maxTimestamp = -1;
                }
                complete = walker.walk(channel, from, channel.size(), expected, log.epochs.latestEpoch(),
                        Math.max(cfg.segmentBytes(), seg.size), (batch, position) -> log.onBatch(seg, batch, position, cfg, false));
                if (from > 0) {
                    seg.maxTimestamp = -2;
                }
                seg.size = walker.endPosition;
                seg.nextOffset = walker.nextOffset;
                expected = walker.nextOffset;
                boolean nextFollows = i + 1 < segs.size() && segs.get(i + 1).baseOffset == expected;
                if (!complete && !nextFollows) {
                    keep = i + 1;
                    break;
                }
                if (!complete) {
                    // rolled but not sealed before the stop: seal it now
                    channel.truncate(seg.size);
                }
            }
        }
        for (int i = segs.size() - 1; i >= keep; i--) {
            Files.deleteIfExists(segs.remove(i).path());
        }
        return finish(log, segs, cfg, logStart, expected, true);
    }

    private DefaultPartitionLog finish(DefaultPartitionLog log, List<Segment> segs, LogConfig cfg, long logStart,
                                       long logEndOffset, boolean recovered) throws IOException {
        if (logEndOffset < logStart) {
            // everything that survived lies below the log start: start afresh there
            for (Segment seg : segs) {
                Files.deleteIfExists(seg.path());
            }
            log.partitionIndex.clear();
            ctx.index.truncateFrom(log.partitionKey(), 0);
            log.producers.clear();
            log.epochs = new LeaderEpochCache();
            return startEmpty(log, log.dir, cfg, logStart);
        }
        Segment last = segs.getLast();
        // no fsync here: the log manager syncs the whole file system once before it syncs the recovery points
        last.mapping = SegmentMapping.reopen(last.path(), last.size, cfg.segmentBytes(), cfg.preallocBytes(), false);
        last.indexCache = new OffsetIndexCache(ctx.options.indexCacheEntries(), false);
        last.nextOffset = logEndOffset;
        for (Segment seg : segs) {
            log.segments.put(seg.baseOffset, seg);
        }
        LogEnd end = new LogEnd(logEndOffset, last, last.size);
        log.initialize(logStart, logEndOffset, last, end);
        // the entries rebuilt by the walk, before the recovery point that covers them
        log.partitionIndex.flush();
        if (recovered) {
            // unsynced: the log manager syncs the file system, then the WAL, once after loading every partition
            try (IndexStore.MetaBatch meta = ctx.index.metaBatch()) {
                meta.putMeta(log.partitionKey(), IndexStore.META_RECOVERY_POINT, log.encodePoint(end))
                        .putMeta(log.partitionKey(), IndexStore.META_LEADER_EPOCHS, log.epochs.serialize())
                        .putProducers(log.partitionKey(), log.producers.serialize())
                        .deleteMeta(log.partitionKey(), IndexStore.META_CLEAN_LOG_END)
                        .commit(false);
            }
        } else {
            try (IndexStore.MetaBatch meta = ctx.index.metaBatch()) {
                meta.deleteMeta(log.partitionKey(), IndexStore.META_CLEAN_LOG_END).commit(false);
            }
        }
        return log;
    }

    private DefaultPartitionLog startEmpty(DefaultPartitionLog log, Path dir, LogConfig cfg, long logStart) throws IOException {
        Path path = dir.resolve(Segment.fileName(logStart));
        Segment seg = new Segment(logStart, new SegmentFile(path, ctx.openFiles), ctx.now());
        seg.mapping = SegmentMapping.create(path, cfg.segmentBytes(), cfg.preallocBytes());
        seg.indexCache = new OffsetIndexCache(ctx.options.indexCacheEntries(), true);
        log.segments.put(logStart, seg);
        log.creationUnsynced = true;
        log.initialize(logStart, logStart, seg, new LogEnd(logStart, seg, 0));
        return log;
    }

    private void restore(DefaultPartitionLog log, Point point, long key) {
        log.runningMaxTimestamp = point.maxTimestamp();
        log.maxTimestampBatchOffset = point.maxTimestampOffset();
        log.maxTimestampSegment = point.maxTimestampSegment();
        log.maxTimestampPosition = point.maxTimestampPosition();
        log.producers.load(ctx.index.getProducers(key));
        log.epochs = LeaderEpochCache.deserialize(ctx.index.getMeta(key, IndexStore.META_LEADER_EPOCHS));
    }

    private void writeLogStart(long key, long logStart) {
        try (IndexStore.MetaBatch meta = ctx.index.metaBatch()) {
            meta.putMeta(key, IndexStore.META_LOG_START_OFFSET, ByteBuffer.allocate(8).putLong(logStart).array())
                    .commit(true);
        }
    }
}
