package io.spool.broker.group;

import io.spool.broker.handler.ApiHandler;
import io.spool.broker.handler.RequestContext;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.OffsetFetchRequest;
import io.spool.protocol.message.OffsetFetchResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OffsetFetch 1-8: one group before v8, several from v8 on; null topics (v2+) mean every committed partition.
 * A partition without a commit answers offset -1. There are no transactions, so require_stable changes nothing.
 */
public final class OffsetFetchHandler implements ApiHandler {
    private final OffsetCoordinator offsets;

    public OffsetFetchHandler(OffsetCoordinator offsets) {
        this.offsets = offsets;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.OFFSET_FETCH;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        OffsetFetchRequest r = (OffsetFetchRequest) message;
        OffsetFetchResponse out = new OffsetFetchResponse();
        if (ctx.version() >= 8) {
            for (OffsetFetchRequest.Group g : r.groups) {
                OffsetCoordinator.FetchResult result = offsets.fetchOffsets(g.groupId(), partitions(g.topics()));
                out.groups.add(new OffsetFetchResponse.Group(g.groupId(), topics(result, g.topics()), result.error().code));
            }
        } else {
            OffsetCoordinator.FetchResult result = offsets.fetchOffsets(r.groupId, partitions(r.topics));
            out.errorCode = result.error().code;
            out.topics = topics(result, r.topics);
        }
        ctx.respond(out);
    }

    private static List<TopicPartitionKey> partitions(List<OffsetFetchRequest.Topic> topics) {
        if (topics == null) {
            return null;
        }
        List<TopicPartitionKey> out = new ArrayList<>();
        for (OffsetFetchRequest.Topic t : topics) {
            for (int p : t.partitionIndexes()) {
                out.add(new TopicPartitionKey(t.name(), p));
            }
        }
        return out;
    }

    private static List<OffsetFetchResponse.Topic> topics(OffsetCoordinator.FetchResult result,
                                                          List<OffsetFetchRequest.Topic> requested) {
        Map<String, List<OffsetFetchResponse.Partition>> byTopic = new LinkedHashMap<>();
        if (result.error() != Errors.NONE) {
            // v1 has no top-level error: every requested partition carries it
            if (requested != null) {
                for (OffsetFetchRequest.Topic t : requested) {
                    for (int p : t.partitionIndexes()) {
                        byTopic.computeIfAbsent(t.name(), k -> new ArrayList<>())
                                .add(new OffsetFetchResponse.Partition(p, -1, -1, "", result.error().code));
                    }
                }
            }
        } else {
            for (Map.Entry<TopicPartitionKey, OffsetAndMetadata> e : result.offsets().entrySet()) {
                OffsetAndMetadata o = e.getValue();
                byTopic.computeIfAbsent(e.getKey().topic(), k -> new ArrayList<>()).add(new OffsetFetchResponse.Partition(
                        e.getKey().partition(), o == null ? -1 : o.offset(), o == null ? -1 : o.leaderEpoch(),
                        o == null ? "" : o.metadata(), Errors.NONE.code));
            }
        }
        List<OffsetFetchResponse.Topic> out = new ArrayList<>(byTopic.size());
        byTopic.forEach((name, partitions) -> out.add(new OffsetFetchResponse.Topic(name, partitions)));
        return out;
    }
}
