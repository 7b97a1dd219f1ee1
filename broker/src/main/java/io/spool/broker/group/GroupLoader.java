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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Materialises one {@code __consumer_offsets} partition into the latest state of each group: its snapshot (if
 * any, {@link OffsetsSnapshot}) then the log from the snapshot's offset, oldest record first (the last value of
 * each key wins; a tombstone removes it). Blocking file and RocksDB reads: never on an event loop.
 */
final class GroupLoader {
    private static final Logger LOG = LoggerFactory.getLogger(GroupLoader.class);
    private static final int READ_BYTES = 1 << 20;

    /** Receives the records of the log in order: a key and its value, or null for a tombstone. */
    @FunctionalInterface
    interface RecordVisitor {
        void record(ByteBuffer key, ByteBuffer value);
    }

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

    /**
     * A loaded partition: its groups by id, the snapshot offset it started from (-1: a full replay) and the
     * offset its replay reached.
     */
    record Loaded(Map<String, LoadedGroup> groups, long snapshotOffset, long endOffset) {
    }

    private GroupLoader() {
    }

    /**
     * Loads the partition: snapshot + replay from its offset S. Without a usable snapshot (none, corrupt, or S
     * outside the log) it replays the whole log if the log still starts at 0, and otherwise throws
     * {@link IllegalStateException}: records below the log start are gone, and serving what remains would
     * serve wrong (older or missing) offsets.
     */
    static Loaded load(PartitionLog log) {
        OffsetsSnapshot snapshot = null;
        String problem = null;
        byte[] raw = log.stateSnapshot();
        if (raw != null) {
            try {
                snapshot = OffsetsSnapshot.decode(raw);
                if (snapshot.offset() < log.logStartOffset() || snapshot.offset() > log.logEndOffset()) {
                    problem = "snapshot offset " + snapshot.offset() + " outside the log [" + log.logStartOffset()
                            + ", " + log.logEndOffset() + "]";
                    snapshot = null;
                }
            } catch (IllegalStateException e) {
                problem = e.getMessage();
            }
        }
        if (snapshot == null && log.logStartOffset() > 0) {
            throw new IllegalStateException("no usable snapshot of " + OffsetsTopicLogs.TOPIC + "-" + log.partition()
                    + " (" + (problem == null ? "none stored" : problem) + ") and the log starts at "
                    + log.logStartOffset() + ": refusing to serve offsets that may be missing");
        }
        if (problem != null) {
            LOG.warn("{}-{}: ignoring the snapshot ({}); the log starts at 0, replaying all of it",
                    OffsetsTopicLogs.TOPIC, log.partition(), problem);
        }
        Map<String, LoadedGroup> groups = new LinkedHashMap<>();
        long from = log.logStartOffset();
        if (snapshot != null) {
            snapshot.forEach((k, v) -> apply(groups, k, v));
            from = snapshot.offset();
        }
        long end = scan(log, from, log.logEndOffset(), (k, v) -> apply(groups, k, v));
        groups.values().removeIf(LoadedGroup::isEmpty);
        return new Loaded(groups, snapshot == null ? -1 : snapshot.offset(), end);
    }

    /**
     * Feeds every record at offsets [{@code from}, {@code to}) to {@code visitor}, in order, and returns the offset
     * after the last whole batch read (at least {@code from}).
     */
    static long scan(PartitionLog log, long from, long to, RecordVisitor visitor) {
        RecordBatchView batch = new RecordBatchView();
        RecordIterator records = new RecordIterator();
        ByteBuffer buf = null; // sized by the first read: an empty partition (the usual case at start) allocates nothing
        long next = from;
        while (next < to) {
            ReadResult r = log.read(next, to, READ_BYTES, true);
            if (r.status() != ReadResult.Status.OK) {
                throw new IllegalStateException("cannot read __consumer_offsets: partition=" + log.partition()
                        + ", offset=" + next + ", status=" + r.status() + ", logStartOffset=" + r.logStartOffset());
            }
            if (r.length() == 0) {
                break;
            }
            try {
                if (buf == null || buf.capacity() < r.length()) {
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
                            if (records.keyLength() < 0) {
                                throw new IllegalStateException("record without key in __consumer_offsets: offset="
                                        + records.offset());
                            }
                            ByteBuffer value = records.valueLength() < 0 ? null
                                    : slice(buf, records.valueIndex(), records.valueLength());
                            visitor.record(slice(buf, records.keyIndex(), records.keyLength()), value);
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
        return next;
    }

    /** Applies one record (a tombstone when {@code value} is null) to the groups being loaded. */
    private static void apply(Map<String, LoadedGroup> groups, ByteBuffer keyBytes, ByteBuffer value) {
        GroupRecordCodec.Key key = GroupRecordCodec.key(keyBytes);
        LoadedGroup g = groups.computeIfAbsent(key.groupId(), LoadedGroup::new);
        switch (key) {
            case GroupRecordCodec.OffsetKey k -> {
                if (value == null) {
                    g.offsets.remove(k.partition());
                } else {
                    g.offsets.put(k.partition(), GroupRecordCodec.offsetValue(value));
                }
            }
            case GroupRecordCodec.GroupKey k ->
                    g.snapshot = value == null ? null : GroupRecordCodec.groupValue(value);
        }
    }

    private static ByteBuffer slice(ByteBuffer buf, int index, int length) {
        return ByteBuffer.wrap(buf.array(), buf.arrayOffset() + index, length).slice();
    }
}
