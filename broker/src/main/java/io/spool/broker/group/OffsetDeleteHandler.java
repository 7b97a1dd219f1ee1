package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.OffsetDeleteRequest;
import io.spool.protocol.message.OffsetDeleteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/** OffsetDelete 0: deletes committed offsets of topics the group does not consume (GROUP_SUBSCRIBED_TO_TOPIC). */
public final class OffsetDeleteHandler implements ApiHandler {
    private final OffsetCoordinator offsets;
    private final BiPredicate<String, Integer> partitionExists;

    public OffsetDeleteHandler(OffsetCoordinator offsets, BiPredicate<String, Integer> partitionExists) {
        this.offsets = offsets;
        this.partitionExists = partitionExists;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_DELETE;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        OffsetDeleteRequest r = (OffsetDeleteRequest) message;
        List<TopicPartitionKey> known = new ArrayList<>();
        for (OffsetDeleteRequest.Topic t : r.topics) {
            for (int p : t.partitionIndexes()) {
                if (partitionExists.test(t.name(), p)) {
                    known.add(new TopicPartitionKey(t.name(), p));
                }
            }
        }
        OffsetCoordinator.DeleteResult result = offsets.deleteOffsets(r.groupId, known);
        OffsetDeleteResponse out = new OffsetDeleteResponse();
        out.errorCode = result.error().code;
        if (result.error() == Errors.NONE) {
            for (OffsetDeleteRequest.Topic t : r.topics) {
                List<OffsetDeleteResponse.Partition> partitions = new ArrayList<>();
                for (int p : t.partitionIndexes()) {
                    Errors e = result.partitions().get(new TopicPartitionKey(t.name(), p));
                    partitions.add(new OffsetDeleteResponse.Partition(p,
                            (e == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : e).code));
                }
                out.topics.add(new OffsetDeleteResponse.Topic(t.name(), partitions));
            }
        }
        ctx.respond(out);
    }
}
