package io.spool.broker.handler;

import io.spool.broker.cluster.TopicCreator;
import io.spool.broker.metadata.MetadataException;
import io.spool.broker.metadata.MetadataImage;
import io.spool.broker.metadata.PartitionImage;
import io.spool.broker.metadata.TopicImage;
import io.spool.broker.metadata.TopicNames;
import io.spool.config.Listener;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata: this node as the only broker and controller, leader of every partition. Unknown topics are
 * created when both the request allows it and {@code auto.create.topics.enable} is on (never internal ones);
 * the response then waits for the creation to commit, so the client sees the topic at once.
 */
public final class MetadataHandler implements ApiHandler {
    private final BrokerState state;
    private final TopicCreator creator;

    public MetadataHandler(BrokerState state, TopicCreator creator) {
        this.state = state;
        this.creator = creator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        MetadataRequest request = (MetadataRequest) message;
        boolean all = request.topics == null || ctx.version() == 0 && request.topics.isEmpty();
        if (all) {
            ctx.respond(response(ctx, state.metadata().image(), null, Map.of()));
            return;
        }
        MetadataImage image = state.metadata().image();
        boolean autoCreate = request.allowAutoTopicCreation && state.config().autoCreateTopicsEnable();
        Map<String, Errors> creationErrors = new HashMap<>();
        List<CompletableFuture<?>> creations = new ArrayList<>();
        for (MetadataRequest.Topic t : request.topics) {
            String name = t.name();
            if (name == null || image.topic(name) != null || !autoCreate || TopicNames.isInternal(name)) {
                continue;
            }
            if (TopicNames.invalidReason(name) != null) {
                continue;
            }
            creations.add(creator.create(name, -1, -1, Map.of(), false).handle((img, error) -> {
                MetadataException m = error == null ? null : ErrorMapping.metadataCause(error);
                if (m != null) {
                    Errors e = ErrorMapping.of(m.error());
                    synchronized (creationErrors) {
                        // a concurrent creation of the same topic is not an error for Metadata
                        if (e != Errors.TOPIC_ALREADY_EXISTS) {
                            creationErrors.put(name, e);
                        }
                    }
                } else if (error != null) {
                    synchronized (creationErrors) {
                        creationErrors.put(name, Errors.UNKNOWN_SERVER_ERROR);
                    }
                }
                return null;
            }));
        }
        if (creations.isEmpty()) {
            ctx.respond(response(ctx, image, request.topics, Map.of()));
            return;
        }
        CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            Map<String, Errors> errors;
            synchronized (creationErrors) {
                errors = Map.copyOf(creationErrors);
            }
            ctx.respond(response(ctx, state.metadata().image(), request.topics, errors));
        });
    }

    private MetadataResponse response(RequestContext ctx, MetadataImage image, List<MetadataRequest.Topic> requested,
                                      Map<String, Errors> creationErrors) {
        MetadataResponse r = new MetadataResponse();
        Listener self = state.advertised(ctx.listenerName());
        r.brokers = List.of(new MetadataResponse.Broker(state.nodeId(), self.host(), self.port(), null));
        r.clusterId = state.clusterId();
        r.controllerId = state.nodeId();
        if (requested == null) {
            for (TopicImage t : image.allTopics()) {
                r.topics.add(topic(t));
            }
            return r;
        }
        for (MetadataRequest.Topic req : requested) {
            UUID id = req.topicId();
            boolean byId = id != null && !id.equals(MetadataRequest.ZERO_UUID);
            TopicImage t = byId ? image.topic(id) : req.name() == null ? null : image.topic(req.name());
            if (t != null) {
                r.topics.add(topic(t));
                continue;
            }
            MetadataResponse.Topic missing = new MetadataResponse.Topic();
            missing.name = byId ? null : req.name();
            missing.topicId = byId ? id : MetadataRequest.ZERO_UUID;
            if (byId) {
                missing.errorCode = Errors.UNKNOWN_TOPIC_ID.code;
            } else if (req.name() == null || TopicNames.invalidReason(req.name()) != null) {
                missing.errorCode = Errors.INVALID_TOPIC_EXCEPTION.code;
            } else {
                missing.errorCode = creationErrors.getOrDefault(req.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION).code;
            }
            missing.isInternal = req.name() != null && TopicNames.isInternal(req.name());
            r.topics.add(missing);
        }
        return r;
    }

    private static MetadataResponse.Topic topic(TopicImage t) {
        MetadataResponse.Topic out = new MetadataResponse.Topic();
        out.errorCode = Errors.NONE.code;
        out.name = t.name();
        out.topicId = t.topicId();
        out.isInternal = t.internal();
        for (PartitionImage p : t.partitions()) {
            MetadataResponse.Partition mp = new MetadataResponse.Partition();
            mp.errorCode = Errors.NONE.code;
            mp.partitionIndex = p.partition();
            mp.leaderId = p.leader();
            mp.leaderEpoch = p.leaderEpoch();
            mp.replicaNodes = p.replicas().clone();
            mp.isrNodes = p.isr().clone();
            out.partitions.add(mp);
        }
        return out;
    }
}
