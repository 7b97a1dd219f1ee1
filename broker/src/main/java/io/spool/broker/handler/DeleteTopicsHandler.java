package io.spool.broker.handler;

import io.spool.broker.metadata.MetadataCommand;
import io.spool.broker.metadata.MetadataException;
import io.spool.broker.metadata.MetadataImage;
import io.spool.broker.metadata.TopicImage;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.DeleteTopicsRequest;
import io.spool.protocol.message.DeleteTopicsResponse;
import io.spool.protocol.message.MetadataRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteTopics, by name or (v6+) id: commits a deletion to the metadata log; the partition logs are removed
 * when the image changes. Refused with TOPIC_DELETION_DISABLED when {@code delete.topic.enable} is off.
 */
public final class DeleteTopicsHandler implements ApiHandler {
    private final BrokerState state;

    public DeleteTopicsHandler(BrokerState state) {
        this.state = state;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_TOPICS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        DeleteTopicsRequest request = (DeleteTopicsRequest) message;
        List<DeleteTopicsRequest.DeleteTopicState> wanted = new ArrayList<>();
        if (ctx.version() >= 6) {
            wanted.addAll(request.topics);
        } else {
            for (String name : request.topicNames) {
                wanted.add(new DeleteTopicsRequest.DeleteTopicState(name, MetadataRequest.ZERO_UUID));
            }
        }
        DeleteTopicsResponse response = new DeleteTopicsResponse();
        DeleteTopicsResponse.DeletableTopicResult[] results = new DeleteTopicsResponse.DeletableTopicResult[wanted.size()];
        List<CompletableFuture<?>> pending = new ArrayList<>();
        MetadataImage image = state.metadata().image();
        for (int i = 0; i < wanted.size(); i++) {
            DeleteTopicsRequest.DeleteTopicState w = wanted.get(i);
            boolean byId = w.topicId() != null && !w.topicId().equals(MetadataRequest.ZERO_UUID);
            TopicImage t = byId ? image.topic(w.topicId()) : w.name() == null ? null : image.topic(w.name());
            String name = t != null ? t.name() : w.name();
            UUID id = t != null ? t.topicId() : byId ? w.topicId() : MetadataRequest.ZERO_UUID;
            if (!state.config().deleteTopicEnable()) {
                results[i] = new DeleteTopicsResponse.DeletableTopicResult(name, id, Errors.TOPIC_DELETION_DISABLED.code,
                        "Topic deletion is disabled (delete.topic.enable=false).");
                continue;
            }
            if (t == null) {
                Errors e = byId ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                results[i] = new DeleteTopicsResponse.DeletableTopicResult(name, id, e.code,
                        "This server does not host this topic" + (byId ? " ID." : "-partition."));
                continue;
            }
            int index = i;
            pending.add(state.metadata().submit(new MetadataCommand.DeleteTopic(t.topicId())).handle((img, error) -> {
                Errors e = Errors.NONE;
                String msg = null;
                if (error != null) {
                    MetadataException m = ErrorMapping.metadataCause(error);
                    e = m == null ? Errors.UNKNOWN_SERVER_ERROR : ErrorMapping.of(m.error());
                    if (m != null && m.error() == io.spool.broker.metadata.MetadataError.UNKNOWN_TOPIC_ID && !byId) {
                        e = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                    }
                    msg = m == null ? String.valueOf(error.getMessage()) : m.getMessage();
                }
                synchronized (results) {
                    results[index] = new DeleteTopicsResponse.DeletableTopicResult(name, id, e.code, msg);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            synchronized (results) {
                response.responses = new ArrayList<>(List.of(results));
            }
            ctx.respond(response);
        });
    }
}
