package io.spool.broker.group;

import io.spool.protocol.Errors;
import io.spool.storage.AppendResult;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GroupStore} that appends one RecordBatch v2 per change to the group's {@code __consumer_offsets}
 * partition through the storage engine, as leader. The append copies into the mapped segment (no I/O wait) and,
 * on a single node, moves the high watermark to the log end, as a produce does. Append failures map to the
 * coordinator errors Kafka gives for them.
 */
final class LogGroupStore implements GroupStore {
    private static final Logger LOG = LoggerFactory.getLogger(LogGroupStore.class);

    private final OffsetsTopicLogs logs;
    private final LongSupplier clock;

    LogGroupStore(OffsetsTopicLogs logs, LongSupplier clock) {
        this.logs = logs;
        this.clock = clock;
    }

    @Override
    public Errors storeOffsets(ClassicGroup group, Map<TopicPartitionKey, OffsetAndMetadata> offsets) {
        Errors e = append(group, () -> {
            CoordinatorBatchBuilder b = new CoordinatorBatchBuilder();
            offsets.forEach((tp, o) -> b.add(GroupRecordCodec.offsetKey(group.groupId, tp), GroupRecordCodec.offsetValue(o)));
            return b;
        });
        // a commit too large for one batch is the client's problem, as in Kafka
        return e == Errors.MESSAGE_TOO_LARGE ? Errors.INVALID_COMMIT_OFFSET_SIZE : e;
    }

    @Override
    public Errors storeGroup(ClassicGroup group) {
        Errors e = append(group, () -> new CoordinatorBatchBuilder()
                .add(GroupRecordCodec.groupKey(group.groupId), GroupRecordCodec.groupValue(group)));
        return e == Errors.MESSAGE_TOO_LARGE ? Errors.UNKNOWN_SERVER_ERROR : e;
    }

    @Override
    public Errors deleteOffsets(ClassicGroup group, Collection<TopicPartitionKey> partitions) {
        if (partitions.isEmpty()) {
            return Errors.NONE;
        }
        return append(group, () -> {
            CoordinatorBatchBuilder b = new CoordinatorBatchBuilder();
            partitions.forEach(tp -> b.add(GroupRecordCodec.offsetKey(group.groupId, tp), null));
            return b;
        });
    }

    @Override
    public Errors deleteGroup(ClassicGroup group, Collection<TopicPartitionKey> partitions) {
        return append(group, () -> {
            CoordinatorBatchBuilder b = new CoordinatorBatchBuilder();
            partitions.forEach(tp -> b.add(GroupRecordCodec.offsetKey(group.groupId, tp), null));
            return b.add(GroupRecordCodec.groupKey(group.groupId), null);
        });
    }

    private Errors append(ClassicGroup group, Supplier<CoordinatorBatchBuilder> records) {
        OffsetsTopicLogs.LeaderLog leader = logs.leader(group.partition);
        if (leader == null) {
            return Errors.NOT_COORDINATOR;
        }
        ByteBuffer bytes;
        try {
            bytes = records.get().build(clock.getAsLong());
        } catch (IllegalArgumentException e) {
            // a value our layout cannot hold (a string over 32767 bytes): refuse it, never half-apply it
            LOG.warn("cannot encode a __consumer_offsets record: group={}, error={}", group.groupId, e.getMessage());
            return Errors.INVALID_REQUEST;
        }
        AppendResult r = leader.log().appendAsLeader(bytes, leader.leaderEpoch());
        return switch (r.status()) {
            case APPENDED -> {
                leader.log().updateHighWatermark(leader.log().logEndOffset());
                yield Errors.NONE;
            }
            case MESSAGE_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
            case OUT_OF_SPACE, STORAGE_ERROR -> {
                LOG.warn("__consumer_offsets append failed: group={}, partition={}, status={}, detail={}",
                        group.groupId, group.partition, r.status(), r.message());
                yield Errors.NOT_COORDINATOR;
            }
            default -> {
                LOG.error("__consumer_offsets refused our own batch: group={}, partition={}, status={}, detail={}",
                        group.groupId, group.partition, r.status(), r.message());
                yield Errors.UNKNOWN_SERVER_ERROR;
            }
        };
    }
}
