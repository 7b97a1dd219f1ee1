package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.OffsetCommitRequest;
import io.spool.protocol.message.OffsetCommitResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OffsetCommit 2-9: answered once the commit is appended to {@code __consumer_offsets}. */
public final class OffsetCommitHandler implements ApiHandler {
    private final OffsetCoordinator offsets;

    public OffsetCommitHandler(OffsetCoordinator offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_COMMIT;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        OffsetCommitRequest r = (OffsetCommitRequest) message;
        Map<TopicPartitionKey, OffsetCoordinator.CommitEntry> commits = new LinkedHashMap<>();
        for (OffsetCommitRequest.Topic t : r.topics) {
            for (OffsetCommitRequest.Partition p : t.partitions()) {
                commits.put(new TopicPartitionKey(t.name(), p.partitionIndex()),
                        new OffsetCoordinator.CommitEntry(p.committedOffset(), p.committedLeaderEpoch(), p.committedMetadata()));
            }
        }
        Map<TopicPartitionKey, Errors> result = offsets.commitOffsets(r.groupId, r.memberId == null ? "" : r.memberId,
                r.groupInstanceId, r.generationIdOrMemberEpoch, commits);
        OffsetCommitResponse out = new OffsetCommitResponse();
        for (OffsetCommitRequest.Topic t : r.topics) {
            List<OffsetCommitResponse.Partition> partitions = new ArrayList<>(t.partitions().size());
            for (OffsetCommitRequest.Partition p : t.partitions()) {
                Errors e = result.get(new TopicPartitionKey(t.name(), p.partitionIndex()));
                partitions.add(new OffsetCommitResponse.Partition(p.partitionIndex(), (e == null ? Errors.NONE : e).code));
            }
            out.topics.add(new OffsetCommitResponse.Topic(t.name(), partitions));
        }
        ctx.respond(out);
    }
}
