package io.spool.client;

import io.spool.client.buffer.BufferExhaustedException;
import io.spool.client.buffer.BufferPool;
import io.spool.client.internals.ClusterImage;
import io.spool.client.internals.NetworkClient;
import io.spool.client.internals.RecordAccumulator;
import io.spool.client.internals.Sender;
import io.spool.client.net.ZeroCopyStats;
import io.spool.client.producer.StickyPartitioner;
import io.spool.client.record.RecordBatchBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Spool's producer: Kafka's producer semantics (batching per partition, linger, acks 0/1/all,
 * idempotence by default, retries without duplicates or reordering), with batches encoded into
 * pooled off-heap buffers and, when large enough, sent with MSG_ZEROCOPY.
 *
 * <p>Thread-safe: any number of threads may call {@link #send}. One background thread sends.
 * <pre>{@code
 * try (var p = new SpoolProducer<>(Map.of("bootstrap.servers", "localhost:9092"),
 *         Serializer.string(), Serializer.string())) {
 *     RecordMetadata m = p.send(new ProducerRecord<>("orders", "key", "value")).join();
 * }
 * }</pre>
 */
public final class SpoolProducer<K, V> implements AutoCloseable {
    private final ProducerConfig config;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final ZeroCopyStats stats = new ZeroCopyStats();
    private final BufferPool pool;
    private final NetworkClient client;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final Thread senderThread;
    private final StickyPartitioner partitioner;
    private volatile boolean closed;

    /** Creates a producer from Kafka-named settings (see {@link ProducerConfig}). */
    public SpoolProducer(Map<?, ?> props, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.config = new ProducerConfig(props);
        this.keySerializer = keySerializer;
        this.valueSerializer = valueSerializer;
        this.pool = new BufferPool(config.bufferMemory(), config.batchSize());
        this.client = new NetworkClient(config.bootstrapServers(), config.transportConfig(), stats,
                config.clientId(), config.requestTimeoutMs());
        this.accumulator = new RecordAccumulator(pool, config.batchSize(), config.lingerMs());
        this.partitioner = new StickyPartitioner(config.batchSize());
        this.sender = new Sender(config, client, accumulator);
        this.senderThread = Thread.ofPlatform().daemon().name("spool-producer-sender-" + config.clientId()).start(sender);
    }

    /** Same, from {@link Properties}. */
    public SpoolProducer(Properties props, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this((Map<?, ?>) props, keySerializer, valueSerializer);
    }

    /**
     * Queues a record. Blocks up to {@code max.block.ms} for metadata or buffer memory; the future
     * completes when the record is acknowledged (per {@code acks}) or fails for good
     * ({@code delivery.timeout.ms}, a non-retriable error).
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<K, V> record) {
        if (closed) {
            throw new IllegalStateException("cannot send after the producer is closed");
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.maxBlockMs());
            ClusterImage.TopicInfo topic = awaitTopic(record.topic(), deadline);
            byte[] key = keySerializer.serialize(record.topic(), record.key());
            byte[] value = valueSerializer.serialize(record.topic(), record.value());
            int size = RecordBatchBuilder.sizeInNewBatch(key, value, record.headers());
            if (size > config.maxRequestSize()) {
                throw new RecordTooLargeException("record is " + size + " bytes, larger than max.request.size="
                        + config.maxRequestSize());
            }
            int numPartitions = topic.partitions().size();
            int partition;
            if (record.partition() != null) {
                partition = record.partition();
                if (partition >= numPartitions) {
                    throw new IllegalArgumentException("partition " + partition + " of topic " + record.topic()
                            + " does not exist: partitions=" + numPartitions);
                }
            } else {
                partition = partitioner.partition(record.topic(), key, numPartitions, topic.available());
            }
            long timestamp = record.timestamp() != null ? record.timestamp() : System.currentTimeMillis();
            long left = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            RecordAccumulator.AppendResult r = accumulator.append(new TopicPartition(record.topic(), partition),
                    timestamp, key, value, record.headers(), left);
            if (key == null && record.partition() == null) {
                partitioner.onAppend(record.topic(), partition, size, numPartitions, topic.available());
            }
            return r.future();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new IllegalStateException("interrupted in send()", e));
        } catch (TimeoutException | BufferExhaustedException | RecordTooLargeException | ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ClusterImage.TopicInfo awaitTopic(String topic, long deadlineNanos) throws InterruptedException {
        ClusterImage.TopicInfo t = client.image().topic(topic);
        if (t != null) {
            return t;
        }
        client.addTopics(List.of(topic));
        RuntimeException last = null;
        for (;;) {
            try {
                ClusterImage image = client.refreshMetadata(List.of(topic), true);
                t = image.topic(topic);
                if (t != null) {
                    return t;
                }
                ClusterImage.TopicInfo seen = image.topics().get(topic);
                if (seen != null && !seen.error().retriable && seen.error() != io.spool.protocol.Errors.NONE) {
                    throw new ApiException(seen.error(), "metadata for topic " + topic);
                }
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                ClusterImage.TopicInfo seen = client.image().topics().get(topic);
                throw new TimeoutException("topic " + topic + " not present in metadata after max.block.ms="
                        + config.maxBlockMs() + (seen != null ? " (error " + seen.error() + ")" : "")
                        + (last != null ? ": " + last.getMessage() : ""));
            }
            Thread.sleep(Math.min(config.retryBackoffMs(), Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()))));
        }
    }

    /** Sends everything queued now and waits until it is acknowledged or failed. */
    public void flush() {
        accumulator.beginFlush();
        try {
            accumulator.wakeup();
            accumulator.awaitEmpty(Long.MAX_VALUE / 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            accumulator.endFlush();
        }
    }

    /** Partitions of a topic (fetching metadata if needed, blocking up to max.block.ms). */
    public int partitionCount(String topic) {
        try {
            return awaitTopic(topic, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.maxBlockMs())).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Send-path counters: MSG_ZEROCOPY sends, completions, COPIED notifications, fallbacks, bytes. */
    public ZeroCopyStats zeroCopyStats() {
        return stats;
    }

    /** The idempotent producer id, or -1 before it is known (or without idempotence). */
    public long producerId() {
        return sender.producerId();
    }

    /** The connections' owner (tests drop connections through it). */
    public NetworkClient networkClient() {
        return client;
    }

    /** Sends what is queued (waiting at most a long while), then closes. */
    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE / 2_000_000));
    }

    /** Sends what is queued within {@code timeout}; records still queued after it fail. */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        sender.initiateClose();
        try {
            senderThread.join(Math.max(1, timeout.toMillis()));
            if (senderThread.isAlive()) {
                sender.forceClose();
                senderThread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.forceClose();
        }
        client.close(); // requests still in flight fail now, and are not retried after a force close
        pool.close();
    }
}
