package io.spool.client.internals;

import io.netty.buffer.ByteBuf;
import io.spool.client.ApiException;
import io.spool.client.NetworkException;
import io.spool.client.ProducerConfig;
import io.spool.client.TimeoutException;
import io.spool.client.TopicPartition;
import io.spool.client.buffer.PooledBuffer;
import io.spool.protocol.ApiKeys;
import io.spool.protocol.Errors;
import io.spool.protocol.message.InitProducerIdRequest;
import io.spool.protocol.message.InitProducerIdResponse;
import io.spool.protocol.message.ProduceRequest;
import io.spool.protocol.message.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The producer's I/O thread: refreshes metadata, obtains a producer id, drains ready batches into
 * one Produce request per leader, and handles responses (on the connections' reader threads):
 * success, retry (same bytes, same sequence) or failure.
 */
public final class Sender implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Sender.class);

    private final ProducerConfig config;
    private final NetworkClient client;
    private final RecordAccumulator accumulator;
    private final long retryBackoffNanos;
    private final long deliveryTimeoutNanos;
    private final Map<TopicPartition, Integer> nextSequence = new HashMap<>();
    private volatile long producerId = -1;
    private volatile short producerEpoch = -1;
    private volatile boolean metadataNeeded = true;
    private volatile boolean running = true;
    private volatile boolean forceClose;

    public Sender(ProducerConfig config, NetworkClient client, RecordAccumulator accumulator) {
        this.config = config;
        this.client = client;
        this.accumulator = accumulator;
        this.retryBackoffNanos = TimeUnit.MILLISECONDS.toNanos(config.retryBackoffMs());
        this.deliveryTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.deliveryTimeoutMs());
    }

    @Override
    public void run() {
        while (!forceClose && (running || accumulator.hasPending())) {
            try {
                runOnce();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("producer sender loop error, backing off", e);
                try {
                    accumulator.await(retryBackoffNanos);
                } catch (InterruptedException ie) {
                    break;
                }
            }
        }
        for (ProducerBatch b : accumulator.abortAll()) {
            b.fail(new IllegalStateException("producer closed before the record was sent"));
        }
    }

    /** Stops after everything queued is sent (or failed). */
    public void initiateClose() {
        running = false;
        accumulator.beginClose();
    }

    /** Stops at once; queued records fail. */
    public void forceClose() {
        forceClose = true;
        running = false;
        accumulator.beginClose();
    }

    /** The producer id in use, -1 before InitProducerId (or without idempotence). */
    public long producerId() {
        return producerId;
    }

    void runOnce() throws InterruptedException {
        long now = System.nanoTime();
        ClusterImage image = client.image();
        if (metadataNeeded || now - image.fetchedNanos() > TimeUnit.MILLISECONDS.toNanos(config.metadataMaxAgeMs())) {
            try {
                metadataNeeded = false;
                image = client.refreshMetadata(List.of(), true);
            } catch (RuntimeException e) {
                metadataNeeded = true;
                log.debug("metadata refresh failed: {}", e.toString());
                accumulator.await(retryBackoffNanos);
                return;
            }
        }
        if (config.idempotence() && producerId < 0) {
            if (!initProducerId()) {
                accumulator.await(retryBackoffNanos);
                return;
            }
        }
        for (ProducerBatch b : accumulator.expired(now, deliveryTimeoutNanos)) {
            // Queued, not in flight: its partition's in-flight mark is not ours to clear.
            resetIdentityIfSequenced(b);
            b.fail(new TimeoutException("record expired: not acknowledged within delivery.timeout.ms="
                    + config.deliveryTimeoutMs() + " for " + b.tp + " (" + b.recordCount() + " records)"));
        }
        Set<Integer> busy = new HashSet<>();
        for (KafkaConnection c : client.connections()) {
            if (c.inFlightCount() >= config.maxInFlight()) {
                busy.add(c.nodeId());
            }
        }
        long[] next = new long[1];
        Set<String> unknownLeaders = new HashSet<>();
        Map<Integer, List<ProducerBatch>> ready = accumulator.drain(image, now, config.maxRequestSize(), busy, next, unknownLeaders);
        if (!unknownLeaders.isEmpty()) {
            metadataNeeded = true;
            next[0] = Math.min(next[0], retryBackoffNanos);
        }
        for (Map.Entry<Integer, List<ProducerBatch>> e : ready.entrySet()) {
            sendProduce(e.getKey(), e.getValue());
        }
        client.expireOverdueRequests();
        if (ready.isEmpty()) {
            accumulator.await(Math.min(next[0], TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private boolean initProducerId() {
        try {
            KafkaConnection c = client.anyConnection();
            InitProducerIdRequest req = new InitProducerIdRequest();
            req.transactionalId = null;
            req.transactionTimeoutMs = 60000;
            InitProducerIdResponse resp = c.send(req, ApiKeys.INIT_PRODUCER_ID, c.version(ApiKeys.INIT_PRODUCER_ID), null,
                    InitProducerIdResponse::read).get(config.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            if (resp.errorCode != 0) {
                log.debug("InitProducerId failed: {}", Errors.forCode(resp.errorCode));
                return false;
            }
            synchronized (nextSequence) {
                nextSequence.clear();
            }
            producerEpoch = resp.producerEpoch;
            producerId = resp.producerId;
            return true;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("InitProducerId failed: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void sendProduce(int node, List<ProducerBatch> batches) {
        long now = System.nanoTime();
        List<ProducerBatch> sendable = new ArrayList<>();
        for (ProducerBatch b : batches) {
            if (!b.isSealed() || (config.idempotence() && b.producerId != producerId)) {
                if (b.isSealed() && b.buffer.refCnt() > 1) {
                    // The kernel may still read the old bytes: reseal only after its completion.
                    accumulator.reenqueue(b, now, retryBackoffNanos);
                    continue;
                }
                if (config.idempotence()) {
                    int seq;
                    synchronized (nextSequence) {
                        seq = nextSequence.getOrDefault(b.tp, 0);
                        nextSequence.put(b.tp, seq + b.recordCount());
                    }
                    b.seal(producerId, producerEpoch, seq);
                } else {
                    b.seal(-1, (short) -1, -1);
                }
            }
            sendable.add(b);
        }
        if (sendable.isEmpty()) {
            return;
        }
        KafkaConnection conn;
        try {
            conn = client.connection(node);
        } catch (IOException e) {
            metadataNeeded = true;
            NetworkException ne = new NetworkException("cannot connect to node " + node + ": " + e.getMessage(), e);
            for (ProducerBatch b : sendable) {
                retryOrFail(b, ne);
            }
            return;
        }
        ProduceRequest req = new ProduceRequest();
        req.transactionalId = null;
        req.acks = config.acks();
        req.timeoutMs = config.requestTimeoutMs();
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        Map<ByteBuf, PooledBuffer> owners = KafkaConnection.owners();
        for (ProducerBatch b : sendable) {
            ByteBuf records = KafkaConnection.wrap(b.buffer, b.sizeInBytes());
            owners.put(records, b.buffer);
            byTopic.computeIfAbsent(b.tp.topic(), k -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(b.tp.partition(), records));
        }
        for (Map.Entry<String, List<ProduceRequest.PartitionData>> e : byTopic.entrySet()) {
            req.topics.add(new ProduceRequest.TopicData(e.getKey(), e.getValue()));
        }
        boolean expectResponse = config.acks() != 0;
        CompletableFuture<ProduceResponse> f = conn.send(req, ApiKeys.PRODUCE, conn.version(ApiKeys.PRODUCE), owners,
                expectResponse ? ProduceResponse::read : null);
        f.whenComplete((resp, err) -> handleResponse(sendable, resp, err));
    }

    private void handleResponse(List<ProducerBatch> batches, ProduceResponse resp, Throwable err) {
        if (err != null) {
            metadataNeeded = true;
            RuntimeException cause = err instanceof RuntimeException r ? r : new NetworkException(err.toString(), err);
            for (ProducerBatch b : batches) {
                retryOrFail(b, cause);
            }
            return;
        }
        if (resp == null) { // acks=0
            for (ProducerBatch b : batches) {
                b.complete(-1);
                accumulator.done(b);
            }
            return;
        }
        Map<TopicPartition, ProduceResponse.PartitionResponse> byTp = new HashMap<>();
        for (ProduceResponse.TopicResponse t : resp.responses) {
            for (ProduceResponse.PartitionResponse p : t.partitions) {
                byTp.put(new TopicPartition(t.name, p.index), p);
            }
        }
        for (ProducerBatch b : batches) {
            ProduceResponse.PartitionResponse p = byTp.get(b.tp);
            if (p == null) {
                retryOrFail(b, new NetworkException("no response for partition " + b.tp));
                continue;
            }
            Errors e = Errors.forCode(p.errorCode);
            if (e == Errors.NONE) {
                b.complete(p.baseOffset);
                accumulator.done(b);
            } else if (e == Errors.DUPLICATE_SEQUENCE_NUMBER) {
                // An earlier attempt was written; the broker no longer knows where.
                b.complete(-1);
                accumulator.done(b);
            } else if (e.retriable) {
                if (e == Errors.NOT_LEADER_OR_FOLLOWER || e == Errors.UNKNOWN_TOPIC_OR_PARTITION
                        || e == Errors.LEADER_NOT_AVAILABLE) {
                    metadataNeeded = true;
                }
                retryOrFail(b, new ApiException(e, "produce to " + b.tp + " failed"
                        + (p.errorMessage == null ? "" : ": " + p.errorMessage)));
            } else {
                failBatch(b, new ApiException(e, "produce to " + b.tp + " failed"
                        + (p.errorMessage == null ? "" : ": " + p.errorMessage)));
            }
        }
    }

    private void retryOrFail(ProducerBatch b, RuntimeException cause) {
        long now = System.nanoTime();
        boolean canRetry = !forceClose && config.acks() != 0 && b.attempts < config.retries()
                && now - b.createdNanos + retryBackoffNanos < deliveryTimeoutNanos;
        if (canRetry) {
            log.debug("retrying batch for {} (attempt {}): {}", b.tp, b.attempts + 1, cause.toString());
            accumulator.reenqueue(b, now, retryBackoffNanos);
        } else {
            failBatch(b, cause instanceof NetworkException && now - b.createdNanos + retryBackoffNanos >= deliveryTimeoutNanos
                    ? new TimeoutException("record expired after delivery.timeout.ms=" + config.deliveryTimeoutMs()
                    + " for " + b.tp + ": " + cause.getMessage()) : cause);
        }
    }

    private void failBatch(ProducerBatch b, RuntimeException cause) {
        resetIdentityIfSequenced(b);
        b.fail(cause);
        accumulator.done(b);
    }

    private void resetIdentityIfSequenced(ProducerBatch b) {
        if (config.idempotence() && b.isSealed() && b.producerId == producerId && producerId >= 0) {
            // A sequenced batch gave up: later sequences would be out of order. Start a new identity.
            producerId = -1;
        }
    }
}
