package io.spool.client.admin;

import io.spool.client.ApiException;
import io.spool.client.NetworkException;
import io.spool.client.TimeoutException;
import io.spool.client.internals.KafkaConnection;
import io.spool.client.internals.NetworkClient;
import io.spool.client.net.TransportConfig;
import io.spool.client.net.ZeroCopyStats;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.Errors;
import io.spool.protocol.message.CreateTopicsRequest;
import io.spool.protocol.message.CreateTopicsResponse;
import io.spool.protocol.message.DeleteTopicsRequest;
import io.spool.protocol.message.DeleteTopicsResponse;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A small admin client: create, delete, list and describe topics. Calls block the calling thread
 * (up to {@code default.api.timeout.ms}, default 60 s) and throw {@link ApiException} naming the
 * topic and the broker's error. Thread-safe.
 * <pre>{@code
 * try (SpoolAdmin admin = SpoolAdmin.create(Map.of("bootstrap.servers", "localhost:9092"))) {
 *     admin.createTopics(List.of(new NewTopic("orders", 6, (short) 1)));
 * }
 * }</pre>
 */
public final class SpoolAdmin implements AutoCloseable {
    private final NetworkClient client;
    private final int timeoutMs;

    private SpoolAdmin(NetworkClient client, int timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    /** Connects lazily to {@code bootstrap.servers}; honours {@code request.timeout.ms} and {@code default.api.timeout.ms}. */
    public static SpoolAdmin create(Map<String, ?> props) {
        Object servers = props.get("bootstrap.servers");
        if (servers == null) {
            throw new io.spool.config.ConfigException("bootstrap.servers", null, "at least one host:port is required");
        }
        int requestTimeout = intSetting(props, "request.timeout.ms", 30000);
        int apiTimeout = intSetting(props, "default.api.timeout.ms", 60000);
        List<String> list = servers instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(servers).split(","));
        TransportConfig tc = TransportConfig.defaults().withZeroCopy(false, Integer.MAX_VALUE, true)
                .withTimeouts(10_000, requestTimeout);
        return new SpoolAdmin(new NetworkClient(list.stream().map(String::trim).toList(), tc, new ZeroCopyStats(),
                props.get("client.id") == null ? "spool-admin" : String.valueOf(props.get("client.id")), requestTimeout), apiTimeout);
    }

    private static int intSetting(Map<String, ?> props, String key, int def) {
        Object v = props.get(key);
        try {
            return v == null ? def : Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new io.spool.config.ConfigException(key, v, "expected a 32-bit integer");
        }
    }

    /** Creates the topics; throws {@link ApiException} for the first one that failed (others may exist). */
    public void createTopics(Collection<NewTopic> topics) {
        CreateTopicsRequest req = new CreateTopicsRequest();
        req.timeoutMs = timeoutMs;
        for (NewTopic t : topics) {
            List<CreateTopicsRequest.CreatableTopicConfig> configs = new ArrayList<>();
            t.configs().forEach((k, v) -> configs.add(new CreateTopicsRequest.CreatableTopicConfig(k, v)));
            req.topics.add(new CreateTopicsRequest.CreatableTopic(t.name(), t.numPartitions(), t.replicationFactor(),
                    List.of(), configs));
        }
        KafkaConnection c = controllerConnection();
        CreateTopicsResponse resp = await(c.send(req, ApiKeys.CREATE_TOPICS, c.version(ApiKeys.CREATE_TOPICS), null,
                CreateTopicsResponse::read), "CreateTopics");
        for (CreateTopicsResponse.CreatableTopicResult r : resp.topics) {
            if (r.errorCode != 0) {
                throw new ApiException(Errors.forCode(r.errorCode), "create topic " + r.name
                        + (r.errorMessage == null ? "" : ": " + r.errorMessage));
            }
        }
    }

    /** Deletes the topics by name; throws {@link ApiException} for the first one that failed. */
    public void deleteTopics(Collection<String> names) {
        DeleteTopicsRequest req = new DeleteTopicsRequest();
        req.timeoutMs = timeoutMs;
        for (String n : names) {
            req.topicNames.add(n);
            req.topics.add(new DeleteTopicsRequest.DeleteTopicState(n, MetadataRequest.ZERO_UUID));
        }
        KafkaConnection c = controllerConnection();
        DeleteTopicsResponse resp = await(c.send(req, ApiKeys.DELETE_TOPICS, c.version(ApiKeys.DELETE_TOPICS), null,
                DeleteTopicsResponse::read), "DeleteTopics");
        for (DeleteTopicsResponse.DeletableTopicResult r : resp.responses) {
            if (r.errorCode() != 0) {
                throw new ApiException(Errors.forCode(r.errorCode()), "delete topic " + r.name()
                        + (r.errorMessage() == null ? "" : ": " + r.errorMessage()));
            }
        }
    }

    /** Names of every topic that is not internal, sorted. */
    public Set<String> listTopics() {
        Set<String> out = new TreeSet<>();
        for (MetadataResponse.Topic t : metadata(null).topics) {
            if (!t.isInternal && t.errorCode == 0) {
                out.add(t.name);
            }
        }
        return out;
    }

    /** Descriptions of the named topics; throws {@link ApiException} for an unknown one. */
    public Map<String, TopicDescription> describeTopics(Collection<String> names) {
        Map<String, TopicDescription> out = new LinkedHashMap<>();
        for (MetadataResponse.Topic t : metadata(names).topics) {
            if (t.errorCode != 0) {
                throw new ApiException(Errors.forCode(t.errorCode), "describe topic " + t.name);
            }
            List<TopicDescription.PartitionDescription> parts = new ArrayList<>();
            for (MetadataResponse.Partition p : t.partitions) {
                parts.add(new TopicDescription.PartitionDescription(p.partitionIndex, p.leaderId, p.leaderEpoch,
                        p.replicaNodes, p.isrNodes));
            }
            parts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            out.put(t.name, new TopicDescription(t.name, t.topicId, t.isInternal, List.copyOf(parts)));
        }
        return out;
    }

    private MetadataResponse metadata(Collection<String> names) {
        try {
            KafkaConnection c = client.anyConnection();
            MetadataRequest req = new MetadataRequest();
            if (names != null) {
                req.topics = new ArrayList<>();
                for (String n : names) {
                    req.topics.add(new MetadataRequest.Topic(MetadataRequest.ZERO_UUID, n));
                }
            } else {
                req.topics = null;
            }
            req.allowAutoTopicCreation = false;
            return await(c.send(req, ApiKeys.METADATA, c.version(ApiKeys.METADATA), null, MetadataResponse::read), "Metadata");
        } catch (IOException e) {
            throw new NetworkException("cannot reach any broker: " + e.getMessage(), e);
        }
    }

    private KafkaConnection controllerConnection() {
        try {
            MetadataResponse m = metadata(List.of());
            client.refreshMetadata(List.of(), false);
            if (m.controllerId >= 0 && client.image().nodes().containsKey(m.controllerId)) {
                return client.connection(m.controllerId);
            }
            return client.anyConnection();
        } catch (IOException e) {
            throw new NetworkException("cannot reach any broker: " + e.getMessage(), e);
        }
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> f, String what) {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new NetworkException(what + " failed", e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(what + " did not complete within default.api.timeout.ms=" + timeoutMs);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
