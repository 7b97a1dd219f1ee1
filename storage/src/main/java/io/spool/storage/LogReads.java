package io.spool.storage;

import io.spool.protocol.record.RecordBatchView;
import io.spool.protocol.record.RecordIterator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Map;

/**
 * The read side of a {@link DefaultPartitionLog}: ranges of whole batches for {@code transferTo}, offset and
 * timestamp lookups. Lock-free up to the published log end; positional reads only, never the mapping. Any
 * thread.
 */
final class LogReads {
    private static final ThreadLocal<IndexStore.Entry> ENTRIES = ThreadLocal.withInitial(IndexStore.Entry::new);

    private final DefaultPartitionLog log;
    private final StorageContext ctx;

    LogReads(DefaultPartitionLog log, StorageContext ctx) {
        this.log = log;
        this.ctx = ctx;
    }

    /** See {@link PartitionLog#read}. Lock-free. */
    ReadResult read(long fetchOffset, long maxOffset, int maxBytes, boolean minOneBatch) {
        LogEnd end = log.logEnd();
        long startOffset = log.logStartOffset();
        if (fetchOffset < startOffset || fetchOffset > end.offset()) {
            return new ReadResult(ReadResult.Status.OFFSET_OUT_OF_RANGE, null, 0, 0, startOffset, end.offset());
        }
        long limit = Math.min(maxOffset, end.offset());
        if (fetchOffset >= limit) {
            return empty(startOffset, end);
        }
        Map.Entry<Long, Segment> floor = log.segments.floorEntry(fetchOffset);
        if (floor == null) {
            return new ReadResult(ReadResult.Status.OFFSET_OUT_OF_RANGE, null, 0, 0, log.logStartOffset(), end.offset());
        }
        Segment seg = floor.getValue();
        if (!seg.file.tryRetainOpen()) {
            // deleted by retention since we looked: the offset is now below the log start
            return new ReadResult(ReadResult.Status.OFFSET_OUT_OF_RANGE, null, 0, 0, log.logStartOffset(), end.offset());
        }
        boolean handedOver = false;
        try {
            FileChannel channel = seg.file.channel();
            int segmentEnd = seg == end.segment() ? end.position() : seg.size;
            int from = locate(seg, channel, fetchOffset, segmentEnd);
            if (from < 0) {
                return empty(startOffset, end);
            }
            int to = knownEnd(seg, end, limit);
            if (to < 0 || to - from > maxBytes) {
                to = scanEnd(channel, from, segmentEnd, limit, maxBytes, minOneBatch);
            }
            if (to <= from) {
                return empty(startOffset, end);
            }
            handedOver = true;
            return new ReadResult(ReadResult.Status.OK, seg.file, from, to - from, startOffset, end.offset());
        } catch (IOException | StorageException e) {
            ctx.fail(e);
            return new ReadResult(ReadResult.Status.STORAGE_ERROR, null, 0, 0, startOffset, end.offset());
        } finally {
            if (!handedOver) {
                seg.file.release();
            }
        }
    }

    private static ReadResult empty(long startOffset, LogEnd end) {
        return new ReadResult(ReadResult.Status.OK, null, 0, 0, startOffset, end.offset());
    }

    /** End position of {@code limit} in {@code seg} when known without a scan, else -1. */
    private int knownEnd(Segment seg, LogEnd end, long limit) {
        if (seg == end.segment()) {
            if (limit == end.offset()) {
                return end.position();
            }
            LogEnd hw = log.highWatermarkEnd();
            if (hw.segment() == seg && hw.offset() == limit) {
                return hw.position();
            }
            return -1;
        }
        return limit >= seg.nextOffset ? seg.size : -1;
    }

    /** Position of the batch containing {@code offset}: index floor (memory, then RocksDB) and a header scan. */
    int locate(Segment seg, FileChannel channel, long offset, int segmentEnd) throws IOException {
        OffsetIndexCache cache = seg.indexCache;
        int position = cache == null ? -1 : cache.floorPosition(offset);
        if (position < 0) {
            IndexStore.Entry entry = ENTRIES.get();
            position = log.partitionIndex.floorOffset(offset, entry) && entry.segmentBase == seg.baseOffset
                    && entry.position < segmentEnd ? entry.position : 0;
        }
        BatchHeaderReader reader = BatchHeaderReader.get();
        while (position < segmentEnd) {
            RecordBatchView header = reader.read(channel, position, segmentEnd);
            if (header == null) {
                return -1;
            }
            if (header.lastOffset() >= offset) {
                return position;
            }
            position += header.sizeInBytes();
        }
        return -1;
    }

    /** End of the whole batches from {@code from} below offset {@code limit} within {@code maxBytes}. */
    private static int scanEnd(FileChannel channel, int from, int segmentEnd, long limit, int maxBytes,
                               boolean minOneBatch) throws IOException {
        BatchHeaderReader reader = BatchHeaderReader.get();
        int position = from;
        while (position < segmentEnd) {
            RecordBatchView header = reader.read(channel, position, segmentEnd);
            if (header == null || header.baseOffset() >= limit) {
                break;
            }
            int size = header.sizeInBytes();
            if ((long) position - from + size > maxBytes && !(position == from && minOneBatch)) {
                break;
            }
            position += size;
        }
        return position;
    }

    /** See {@link PartitionLog#lookupTimestamp}. */
    TimestampLookup offsetForTimestamp(long timestamp) {
        long startOffset = log.logStartOffset();
        IndexStore.Entry entry = new IndexStore.Entry();
        long fromSegment;
        int fromPosition;
        if (timestamp > Long.MIN_VALUE && log.partitionIndex.floorTime(timestamp - 1, entry)
                && entry.offset >= startOffset && log.segments.containsKey(entry.segmentBase)) {
            fromSegment = entry.segmentBase;
            fromPosition = entry.position;
        } else {
            Map.Entry<Long, Segment> first = log.segments.firstEntry();
            if (first == null) {
                return TimestampLookup.of(TimestampOffset.NONE);
            }
            fromSegment = first.getKey();
            fromPosition = 0;
        }
        LogEnd end = log.logEnd();
        for (Segment seg : log.segments.tailMap(fromSegment, true).values()) {
            if (seg.baseOffset >= end.offset() && seg != end.segment()) {
                break;
            }
            if (!seg.file.tryRetainOpen()) {
                continue;
            }
            try {
                FileChannel channel = seg.file.channel();
                int segmentEnd = seg == end.segment() ? end.position() : seg.size;
                int position = seg.baseOffset == fromSegment ? fromPosition : 0;
                BatchHeaderReader reader = BatchHeaderReader.get();
                while (position < segmentEnd) {
                    RecordBatchView header = reader.read(channel, position, segmentEnd);
                    if (header == null) {
                        break;
                    }
                    if (header.maxTimestamp() >= timestamp && header.lastOffset() >= startOffset) {
                        return findInBatch(seg.file, header, position, timestamp, startOffset);
                    }
                    position += header.sizeInBytes();
                }
            } catch (IOException e) {
                ctx.fail(e);
                return TimestampLookup.of(TimestampOffset.NONE);
            } finally {
                seg.file.release();
            }
        }
        return TimestampLookup.of(TimestampOffset.NONE);
    }

    /**
     * The first record at or after {@code timestamp} inside the batch whose {@code header} was read at
     * {@code position} of {@code file} (the caller holds a reference on it). LogAppendTime: every record carries the
     * batch's max timestamp, so the first record counts. Compressed CreateTime: handed over with a new reference.
     */
    private static TimestampLookup findInBatch(SegmentFile file, RecordBatchView header, long position, long timestamp,
                                               long startOffset) throws IOException {
        int size = header.sizeInBytes();
        TimestampOffset batchStart = new TimestampOffset(header.maxTimestamp(),
                Math.max(header.baseOffset(), startOffset), header.partitionLeaderEpoch());
        if (header.isLogAppendTime()) {
            return TimestampLookup.of(batchStart);
        }
        if (header.compressionCodec() != 0) {
            return new TimestampLookup(batchStart, file.retain(), position, size, timestamp, startOffset);
        }
        FileChannel channel = file.channel();
        ByteBuffer bytes = ByteBuffer.allocate(size);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, position + bytes.position()) < 0) {
                break;
            }
        }
        RecordBatchView batch = new RecordBatchView().wrap(bytes, 0);
        RecordIterator records = new RecordIterator();
        if (records.reset(batch)) {
            while (records.next()) {
                if (records.timestamp() >= timestamp && records.offset() >= startOffset) {
                    return TimestampLookup.of(
                            new TimestampOffset(records.timestamp(), records.offset(), batch.partitionLeaderEpoch()));
                }
            }
        }
        // a torn or inconsistent batch (max timestamp above every record's): its start is a safe answer
        return TimestampLookup.of(batchStart);
    }

    /** The record with timestamp {@code ts} in the batch at ({@code segmentBase}, {@code position}); NONE if gone. */
    TimestampLookup recordWithTimestamp(long ts, long segmentBase, int position) {
        if (ts < 0) {
            return TimestampLookup.of(TimestampOffset.NONE);
        }
        Segment seg = log.segments.get(segmentBase);
        if (seg == null || !seg.file.tryRetainOpen()) {
            return TimestampLookup.of(TimestampOffset.NONE);
        }
        try {
            FileChannel channel = seg.file.channel();
            RecordBatchView header = BatchHeaderReader.get().read(channel, position, channel.size());
            if (header == null) {
                return TimestampLookup.of(TimestampOffset.NONE);
            }
            return findInBatch(seg.file, header, position, ts, log.logStartOffset());
        } catch (IOException e) {
            ctx.fail(e);
            return TimestampLookup.of(TimestampOffset.NONE);
        } finally {
            seg.file.release();
        }
    }
}
