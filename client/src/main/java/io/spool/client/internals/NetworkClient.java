package io.spool.client.internals;

import io.spool.client.NetworkException;
import io.spool.client.TimeoutException;
import io.spool.client.net.TransportConfig;
import io.spool.client.net.ZeroCopyStats;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.Errors;
import io.spool.protocol.message.MetadataRequest;
import io.spool.protocol.message.MetadataResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Connections to the brokers of one cluster (opened on first use, reopened after a failure) and
 * the metadata view. Thread-safe: connecting is serialised per node.
 */
public final class NetworkClient implements AutoCloseable {
    /** Connection ids at or above this belong to group coordinators: Integer.MAX_VALUE - nodeId, as kafka-clients does. */
    public static final int COORDINATOR_ID_BASE = Integer.MAX_VALUE / 2;
    private final List<InetSocketAddress> bootstrap;
    private final TransportConfig transportConfig;
    private final ZeroCopyStats stats;
    private final String clientId;
    private final int requestTimeoutMs;
    private final Map<Integer, KafkaConnection> connections = new ConcurrentHashMap<>();
    private final Map<Integer, Object> connectLocks = new ConcurrentHashMap<>();
    private final Set<String> interestingTopics = ConcurrentHashMap.newKeySet();
    private final Object metadataLock = new Object();
    private volatile ClusterImage image = ClusterImage.empty();
    private volatile boolean closed;

    public NetworkClient(List<String> bootstrapServers, TransportConfig transportConfig, ZeroCopyStats stats,
                         String clientId, int requestTimeoutMs) {
        this.bootstrap = new ArrayList<>();
        for (String s : bootstrapServers) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0) {
                throw new io.spool.config.ConfigException("bootstrap.servers", s, "expected host:port");
            }
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            try {
                bootstrap.add(InetSocketAddress.createUnresolved(host, Integer.parseInt(s.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new io.spool.config.ConfigException("bootstrap.servers", s, "bad port");
            }
        }
        this.transportConfig = transportConfig;
        this.stats = stats;
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /** The latest metadata snapshot. */
    public ClusterImage image() {
        return image;
    }

    /** The shared zero-copy counters of every connection. */
    public ZeroCopyStats stats() {
        return stats;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    /** A live connection to {@code nodeId}, connecting if needed (blocking). */
    public KafkaConnection connection(int nodeId) throws IOException {
        return connection(nodeId, null);
    }

    /**
     * A live connection under {@code connectionId} to {@code address} (null: the node's metadata
     * address), connecting if needed (blocking). A group coordinator gets an id of its own so that
     * a JoinGroup parked on the broker does not hold up fetches behind it on the same socket.
     */
    public KafkaConnection connection(int nodeId, InetSocketAddress address) throws IOException {
        KafkaConnection c = connections.get(nodeId);
        if (c != null && !c.isClosed()) {
            return c;
        }
        synchronized (connectLocks.computeIfAbsent(nodeId, k -> new Object())) {
            c = connections.get(nodeId);
            if (c != null && !c.isClosed()) {
                return c;
            }
            if (closed) {
                throw new IOException("client is closed");
            }
            InetSocketAddress addr = address != null ? address
                    : nodeId < 0 ? bootstrap.get(-nodeId - 1) : image.nodes().get(nodeId);
            if (addr == null) {
                throw new IOException("no address for node " + nodeId);
            }
            c = KafkaConnection.open(nodeId, addr, transportConfig, stats, clientId, requestTimeoutMs);
            connections.put(nodeId, c);
            return c;
        }
    }

    /** Any live connection: a known broker first, then the bootstrap servers in turn. */
    public KafkaConnection anyConnection() throws IOException {
        for (Map.Entry<Integer, KafkaConnection> e : connections.entrySet()) {
            if (e.getKey() < COORDINATOR_ID_BASE && !e.getValue().isClosed()) {
                return e.getValue();
            }
        }
        IOException last = null;
        List<Integer> candidates = new ArrayList<>(image.nodes().keySet());
        for (int i = 0; i < bootstrap.size(); i++) {
            candidates.add(-i - 1);
        }
        for (int id : candidates) {
            try {
                return connection(id);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no brokers to connect to");
    }

    /** Adds topics to every later metadata request. */
    public void addTopics(Collection<String> topics) {
        interestingTopics.addAll(topics);
    }

    /**
     * Fetches metadata for the interesting topics plus {@code topics}, blocking up to the request
     * timeout, and publishes the new image.
     */
    public ClusterImage refreshMetadata(Collection<String> topics, boolean allowAutoCreate) {
        interestingTopics.addAll(topics);
        synchronized (metadataLock) {
            try {
                KafkaConnection c = anyConnection();
                MetadataRequest req = new MetadataRequest();
                req.topics = new ArrayList<>();
                for (String t : new LinkedHashSet<>(interestingTopics)) {
                    req.topics.add(new MetadataRequest.Topic(MetadataRequest.ZERO_UUID, t));
                }
                req.allowAutoTopicCreation = allowAutoCreate;
                MetadataResponse resp = c.send(req, ApiKeys.METADATA, c.version(ApiKeys.METADATA), null, MetadataResponse::read)
                        .get(requestTimeoutMs, TimeUnit.MILLISECONDS);
                image = toImage(resp);
                return image;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NetworkException("interrupted while fetching metadata", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new NetworkException("metadata failed", e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TimeoutException("metadata request timed out after request.timeout.ms=" + requestTimeoutMs);
            } catch (IOException e) {
                throw new NetworkException("cannot reach any broker for metadata: " + e.getMessage(), e);
            }
        }
    }

    /** All topics in the cluster (metadata request with a null topic list). */
    public MetadataResponse describeCluster() {
        try {
            KafkaConnection c = anyConnection();
            MetadataRequest req = new MetadataRequest();
            req.topics = null;
            req.allowAutoTopicCreation = false;
            return c.send(req, ApiKeys.METADATA, c.version(ApiKeys.METADATA), null, MetadataResponse::read)
                    .get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new NetworkException("metadata failed: " + e, e);
        }
    }

    private static ClusterImage toImage(MetadataResponse resp) {
        Map<Integer, InetSocketAddress> nodes = new HashMap<>();
        for (MetadataResponse.Broker b : resp.brokers) {
            nodes.put(b.nodeId(), InetSocketAddress.createUnresolved(b.host(), b.port()));
        }
        Map<String, ClusterImage.TopicInfo> topics = new HashMap<>();
        for (MetadataResponse.Topic t : resp.topics) {
            ClusterImage.PartitionInfo[] parts = new ClusterImage.PartitionInfo[t.partitions.size()];
            boolean complete = true;
            for (MetadataResponse.Partition p : t.partitions) {
                if (p.partitionIndex < 0 || p.partitionIndex >= parts.length) {
                    complete = false;
                    continue;
                }
                int leader = p.errorCode == 0 || p.errorCode == Errors.REPLICA_NOT_AVAILABLE.code ? p.leaderId : -1;
                parts[p.partitionIndex] = new ClusterImage.PartitionInfo(p.partitionIndex, leader, p.leaderEpoch);
            }
            for (ClusterImage.PartitionInfo p : parts) {
                complete &= p != null;
            }
            Errors error = Errors.forCode(t.errorCode);
            topics.put(t.name, new ClusterImage.TopicInfo(complete ? error : Errors.LEADER_NOT_AVAILABLE,
                    complete ? List.of(parts) : List.of()));
        }
        return new ClusterImage(Map.copyOf(nodes), Map.copyOf(topics), System.nanoTime());
    }

    /** Checks every connection's oldest request against request.timeout.ms. */
    public void expireOverdueRequests() {
        long now = System.nanoTime();
        for (KafkaConnection c : connections.values()) {
            c.expireOverdue(now);
        }
    }

    /** Closes one node's connection (its requests in flight fail and are retried by their owners). */
    public void disconnect(int nodeId) {
        KafkaConnection c = connections.remove(nodeId);
        if (c != null) {
            c.close();
        }
    }

    /** Open connections (for tests). */
    public Collection<KafkaConnection> connections() {
        return connections.values();
    }

    @Override
    public void close() {
        closed = true;
        for (KafkaConnection c : connections.values()) {
            c.close();
        }
        connections.clear();
    }
}
