package io.spool.broker.handler;

import io.spool.broker.cluster.TopicCreator;
import io.spool.broker.metadata.MetadataCommand;
import io.spool.broker.metadata.MetadataException;
import io.spool.broker.metadata.TopicImage;
import io.spool.broker.metadata.TopicNames;
import io.spool.config.ConfigKey;
import io.spool.config.TopicConfig;
import io.spool.config.TopicConfigDef;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.ApiMessage;
import io.spool.protocol.Errors;
import io.spool.protocol.message.CreateTopicsRequest;
import io.spool.protocol.message.CreateTopicsResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics: validates each topic (name, partitions, replication factor against the one live broker,
 * replica assignment, configs) and commits the valid ones to the metadata log, unless validate_only.
 * Answers once every creation has committed or failed; v5+ results carry the effective configs.
 */
public final class CreateTopicsHandler implements ApiHandler {
    private final BrokerState state;
    private final TopicCreator creator;

    public CreateTopicsHandler(BrokerState state, TopicCreator creator) {
        this.state = state;
        this.creator = creator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_TOPICS;
    }

    @Override
    public void handle(RequestContext ctx, ApiMessage message) {
        CreateTopicsRequest request = (CreateTopicsRequest) message;
        CreateTopicsResponse response = new CreateTopicsResponse();
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new HashSet<>();
        for (CreateTopicsRequest.CreatableTopic t : request.topics) {
            if (!seen.add(t.name())) {
                duplicates.add(t.name());
            }
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (CreateTopicsRequest.CreatableTopic t : request.topics) {
            CreateTopicsResponse.CreatableTopicResult r = new CreateTopicsResponse.CreatableTopicResult();
            r.name = t.name();
            response.topics.add(r);
            if (duplicates.contains(t.name())) {
                fail(r, Errors.INVALID_REQUEST, "Create topics request from client contains multiple entries for topic " + t.name());
                continue;
            }
            MetadataCommand.CreateTopic command;
            try {
                command = validate(t);
            } catch (MetadataException e) {
                fail(r, ErrorMapping.of(e.error()), e.getMessage());
                continue;
            } catch (InvalidAssignment e) {
                fail(r, e.error, e.getMessage());
                continue;
            }
            if (request.validateOnly) {
                succeed(r, command, null, ctx.version());
                continue;
            }
            pending.add(state.metadata().submit(command).handle((image, error) -> {
                synchronized (response) {
                    if (error == null) {
                        succeed(r, command, image.topic(command.name()), ctx.version());
                    } else {
                        MetadataException m = ErrorMapping.metadataCause(error);
                        fail(r, m == null ? Errors.UNKNOWN_SERVER_ERROR : ErrorMapping.of(m.error()),
                                m == null ? String.valueOf(error.getMessage()) : m.getMessage());
                    }
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            synchronized (response) {
                ctx.respond(response);
            }
        });
    }

    /** Thrown for a replica assignment that names brokers other than this node. */
    private static final class InvalidAssignment extends RuntimeException {
        final Errors error;

        InvalidAssignment(Errors error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }

    private MetadataCommand.CreateTopic validate(CreateTopicsRequest.CreatableTopic t) {
        int partitions = t.numPartitions();
        int rf = t.replicationFactor();
        if (t.assignments() != null && !t.assignments().isEmpty()) {
            if (partitions != -1 || rf != -1) {
                throw new InvalidAssignment(Errors.INVALID_REQUEST,
                        "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.");
            }
            partitions = t.assignments().size();
            rf = -1;
            for (CreateTopicsRequest.CreatableReplicaAssignment a : t.assignments()) {
                if (a.partitionIndex() < 0 || a.partitionIndex() >= partitions) {
                    throw new InvalidAssignment(Errors.INVALID_REPLICA_ASSIGNMENT,
                            "Partitions must be numbered 0 to " + (partitions - 1) + ", got " + a.partitionIndex() + ".");
                }
                for (int broker : a.brokerIds()) {
                    if (broker != state.nodeId()) {
                        throw new InvalidAssignment(Errors.INVALID_REPLICA_ASSIGNMENT,
                                "Broker " + broker + " does not exist; the only broker is " + state.nodeId() + ".");
                    }
                }
                rf = Math.max(rf, a.brokerIds().length);
            }
        }
        Map<String, String> configs = new LinkedHashMap<>();
        if (t.configs() != null) {
            for (CreateTopicsRequest.CreatableTopicConfig c : t.configs()) {
                if (c.value() == null) {
                    throw new MetadataException(io.spool.broker.metadata.MetadataError.INVALID_CONFIG,
                            "Null value not supported for topic configs: " + c.name());
                }
                configs.put(c.name(), c.value());
            }
        }
        return creator.validate(t.name(), partitions, rf, configs, TopicNames.isInternal(t.name()));
    }

    private void succeed(CreateTopicsResponse.CreatableTopicResult r, MetadataCommand.CreateTopic command,
                         TopicImage created, short version) {
        r.errorCode = Errors.NONE.code;
        r.topicId = created != null ? created.topicId() : command.topicId();
        r.numPartitions = command.numPartitions();
        r.replicationFactor = (short) command.replicas().length;
        TopicConfig tc = TopicConfig.of(command.configs(), state.config());
        r.configs = new ArrayList<>();
        for (ConfigKey k : TopicConfigDef.DEF.keys()) {
            r.configs.add(new CreateTopicsResponse.CreatableTopicConfigs(k.name(), tc.valueAsString(k.name()), false,
                    ConfigSources.of(tc.source(k.name())), false));
        }
    }

    private static void fail(CreateTopicsResponse.CreatableTopicResult r, Errors error, String message) {
        r.errorCode = error.code;
        r.errorMessage = message;
        r.numPartitions = -1;
        r.replicationFactor = -1;
        r.configs = null;
    }
}
