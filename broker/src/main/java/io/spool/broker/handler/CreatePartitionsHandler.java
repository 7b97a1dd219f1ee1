package io.spool.broker.handler;

import io.spool.broker.metadata.MetadataCommand;
import io.spool.broker.metadata.MetadataException;
import io.spool.broker.metadata.MetadataImage;
import io.spool.broker.metadata.TopicImage;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.CreatePartitionsRequest;
import io.spool.protocol.message.CreatePartitionsResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** CreatePartitions: grows topics to a new total count (never shrinks), all new partitions led by this node. */
public final class CreatePartitionsHandler implements ApiHandler {
    private final BrokerState state;

    public CreatePartitionsHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        CreatePartitionsRequest request = (CreatePartitionsRequest) message;
        CreatePartitionsResponse.CreatePartitionsTopicResult[] results =
                new CreatePartitionsResponse.CreatePartitionsTopicResult[request.topics.size()];
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreatePartitionsRequest.CreatePartitionsTopic t : request.topics) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        MetadataImage image = state.metadata().image();
        int[] self = {state.nodeId()};
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            CreatePartitionsRequest.CreatePartitionsTopic t = request.topics.get(i);
            String refusal = null;
            Errors error = Errors.NONE;
            TopicImage topic = image.topic(t.name());
            if (duplicates.contains(t.name())) {
                error = Errors.INVALID_REQUEST;
                refusal = "Duplicate topic in request: " + t.name();
            } else if (topic == null) {
                error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                refusal = "The topic '" + t.name() + "' does not exist.";
            } else if (t.count() <= topic.partitions().size()) {
                error = Errors.INVALID_PARTITIONS;
                refusal = t.count() == topic.partitions().size()
                        ? "Topic already has " + t.count() + " partitions."
                        : "The topic " + t.name() + " currently has " + topic.partitions().size()
                                + " partition(s); " + t.count() + " would not be an increase.";
            } else if (t.assignments() != null) {
                if (t.assignments().size() != t.count() - topic.partitions().size()) {
                    error = Errors.INVALID_REPLICA_ASSIGNMENT;
                    refusal = "Attempted to add " + (t.count() - topic.partitions().size()) + " additional partition(s), but only "
                            + t.assignments().size() + " assignment(s) were specified.";
                } else {
                    for (int[] a : t.assignments()) {
                        for (int b : a) {
                            if (b != state.nodeId()) {
                                error = Errors.INVALID_REPLICA_ASSIGNMENT;
                                refusal = "Broker " + b + " does not exist; the only broker is " + state.nodeId() + ".";
                            }
                        }
                    }
                }
            }
            if (error != Errors.NONE || request.validateOnly) {
                results[i] = new CreatePartitionsResponse.CreatePartitionsTopicResult(t.name(), error.code, refusal);
                continue;
            }
            int index = i;
            pending.add(state.metadata().submit(new MetadataCommand.CreatePartitions(topic.topicId(), t.count(), self))
                    .handle((img, e) -> {
                        CreatePartitionsResponse.CreatePartitionsTopicResult r;
                        if (e == null) {
                            r = new CreatePartitionsResponse.CreatePartitionsTopicResult(t.name(), Errors.NONE.code, null);
                        } else {
                            MetadataException m = ErrorMapping.metadataCause(e);
                            r = new CreatePartitionsResponse.CreatePartitionsTopicResult(t.name(),
                                    (m == null ? Errors.UNKNOWN_SERVER_ERROR : ErrorMapping.of(m.error())).code,
                                    m == null ? String.valueOf(e.getMessage()) : m.getMessage());
                        }
                        synchronized (results) {
                            results[index] = r;
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            CreatePartitionsResponse response = new CreatePartitionsResponse();
            synchronized (results) {
                response.results = new ArrayList<>(List.of(results));
            }
            ctx.respond(response);
        });
    }
}
