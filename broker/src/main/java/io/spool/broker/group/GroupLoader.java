package io.spool.broker.group;

import io.spool.protocol.record.BatchStatus;
import io.spool.protocol.record.RecordBatchView;
import io.spool.protocol.record.RecordIterator;
import io.spool.storage.PartitionLog;
import io.spool.storage.ReadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays one {@code __consumer_offsets} partition, oldest record first, into the latest state of each group
 * (the last value of each key wins; a tombstone removes it). Blocking file reads: never on an event loop.
 */
final class GroupLoader {
    private static final int READ_BYTES = 1 << 20;

    /** What the log says about one group: its metadata (null if none or deleted) and its committed offsets. */
    static final class LoadedGroup {
        final String groupId;
        GroupRecordCodec.GroupSnapshot snapshot;
        final Map<TopicPartitionKey, OffsetAndMetadata> offsets = new TreeMap<>();

        LoadedGroup(String groupId) {
            this.groupId = groupId;
        }

        boolean isEmpty() {
            return snapshot == null && offsets.isEmpty();
        }
    }

    private GroupLoader() {
    }

    /** Reads the whole log (start to end) and returns the groups in it, by id. */
    static Map<String, LoadedGroup> replay(PartitionLog log) {
        Map<String, LoadedGroup> groups = new LinkedHashMap<>();
        RecordBatchView batch = new RecordBatchView();
        RecordIterator records = new RecordIterator();
        ByteBuffer buf = ByteBuffer.allocate(READ_BYTES);
        long next = log.logStartOffset();
        long end = log.logEndOffset();
        while (next < end) {
            ReadResult r = log.read(next, end, READ_BYTES, true);
            if (r.status() != ReadResult.Status.OK) {
                if (r.logStartOffset() > next) {
                    next = r.logStartOffset();  // retention moved the start while we read; never happens to this topic
                    continue;
                }
                throw new IllegalStateException("cannot read __consumer_offsets: partition=" + log.partition()
                        + ", offset=" + next + ", status=" + r.status());
            }
            if (r.length() == 0) {
                break;
            }
            try {
                if (buf.capacity() < r.length()) {
                    buf = ByteBuffer.allocate(r.length());
                }
                buf.clear().limit(r.length());
                long pos = r.position();
                while (buf.hasRemaining()) {
                    int n = r.segment().channel().read(buf, pos + buf.position());
                    if (n < 0) {
                        break;
                    }
                }
                buf.flip();
            } catch (IOException e) {
                throw new UncheckedIOException("reading __consumer_offsets-" + log.partition() + " at offset " + next, e);
            } finally {
                r.segment().release();
            }
            long before = next;
            int at = 0;
            while (at < buf.limit()) {
                batch.wrap(buf, at);
                if (batch.validateHeader(buf.limit() - at) != BatchStatus.VALID) {
                    break;  // a trailing batch cut by the byte limit: read again from it
                }
                if (batch.lastOffset() >= next) {
                    if (!records.reset(batch)) {
                        throw new IllegalStateException("compressed batch in __consumer_offsets: partition="
                                + log.partition() + ", baseOffset=" + batch.baseOffset());
                    }
                    while (records.next()) {
                        if (records.offset() >= next) {
                            apply(groups, buf, records);
                        }
                    }
                    if (records.isMalformed()) {
                        throw new IllegalStateException("malformed record in __consumer_offsets: partition="
                                + log.partition() + ", baseOffset=" + batch.baseOffset());
                    }
                    next = batch.lastOffset() + 1;
                }
                at += batch.sizeInBytes();
            }
            if (next == before) {
                throw new IllegalStateException("no progress reading __consumer_offsets: partition=" + log.partition()
                        + ", offset=" + next);
            }
        }
        groups.values().removeIf(LoadedGroup::isEmpty);
        return groups;
    }

    private static void apply(Map<String, LoadedGroup> groups, ByteBuffer buf, RecordIterator r) {
        if (r.keyLength() < 0) {
            throw new IllegalStateException("record without key in __consumer_offsets: offset=" + r.offset());
        }
        GroupRecordCodec.Key key = GroupRecordCodec.key(slice(buf, r.keyIndex(), r.keyLength()));
        LoadedGroup g = groups.computeIfAbsent(key.groupId(), LoadedGroup::new);
        boolean tombstone = r.valueLength() < 0;
        switch (key) {
            case GroupRecordCodec.OffsetKey k -> {
                if (tombstone) {
                    g.offsets.remove(k.partition());
                } else {
                    g.offsets.put(k.partition(), GroupRecordCodec.offsetValue(slice(buf, r.valueIndex(), r.valueLength())));
                }
            }
            case GroupRecordCodec.GroupKey k ->
                    g.snapshot = tombstone ? null : GroupRecordCodec.groupValue(slice(buf, r.valueIndex(), r.valueLength()));
        }
    }

    private static ByteBuffer slice(ByteBuffer buf, int index, int length) {
        return ByteBuffer.wrap(buf.array(), buf.arrayOffset() + index, length).slice();
    }
}
