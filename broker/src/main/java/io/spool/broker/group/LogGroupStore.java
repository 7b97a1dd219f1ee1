package io.spool.broker.group;

import io.spool.protocol.Errors;
import io.spool.storage.AppendResult;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;
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
        CoordinatorBatchBuilder b = new CoordinatorBatchBuilder();
        offsets.forEach((tp, o) -> b.add(GroupRecordCodec.offsetKey(group.groupId, tp), GroupRecordCodec.offsetValue(o)));
        Errors e = append(group, b);
        // a commit too large for one batch is the client's problem, as in Kafka
        return e == Errors.MESSAGE_TOO_LARGE ? Errors.INVALID_COMMIT_OFFSET_SIZE : e;
    }

    @Override
    public Errors storeGroup(ClassicGroup group) {
        Errors e = append(group, new CoordinatorBatchBuilder()
                .add(GroupRecordCodec.groupKey(group.groupId), GroupRecordCodec.groupValue(group)));
        return e == Errors.MESSAGE_TOO_LARGE ? Errors.UNKNOWN_SERVER_ERROR : e;
    }

    @Override
    public Errors deleteOffsets(ClassicGroup group, Collection<TopicPartitionKey> partitions) {
        CoordinatorBatchBuilder b = new CoordinatorBatchBuilder();
        partitions.forEach(tp -> b.add(GroupRecordCodec.offsetKey(group.groupId, tp), null));
        return b.count() == 0 ? Errors.NONE : append(group, b);
    }

    @Override
    public Errors deleteGroup(ClassicGroup group, Collection<TopicPartitionKey> partitions) {
        CoordinatorBatchBuilder b = new CoordinatorBatchBuilder();
        partitions.forEach(tp -> b.add(GroupRecordCodec.offsetKey(group.groupId, tp), null));
        b.add(GroupRecordCodec.groupKey(group.groupId), null);
        return append(group, b);
    }

    private Errors append(ClassicGroup group, CoordinatorBatchBuilder batch) {
        OffsetsTopicLogs.LeaderLog leader = logs.leader(group.partition);
        if (leader == null) {
            return Errors.NOT_COORDINATOR;
        }
        ByteBuffer bytes = batch.build(clock.getAsLong());
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
