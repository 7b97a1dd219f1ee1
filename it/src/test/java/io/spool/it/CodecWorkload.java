package io.spool.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.internal.CompressionType;

/**
 * One topic per compression codec the client offers ({@link CompressionType#values()}), each
 * written by its own idempotent producer (client defaults: acks=all, enable.idempotence=true)
 * with {@link SequencedRecords}; the producers run concurrently.
 */
final class CodecWorkload {
    private final String prefix;
    private final int partitions;
    private final Map<String, CompressionType> topics = new LinkedHashMap<>();

    CodecWorkload(String prefix, int partitions) {
        this.prefix = prefix;
        this.partitions = partitions;
        for (CompressionType c : CompressionType.values()) {
            topics.put(prefix + "-" + c.name, c);
        }
    }

    /** Topic name to partition count, for {@link LogChecker}. */
    Map<String, Integer> partitionsByTopic() {
        Map<String, Integer> m = new LinkedHashMap<>();
        topics.keySet().forEach(t -> m.put(t, partitions));
        return m;
    }

    List<TopicPartition> topicPartitions() {
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : topics.keySet()) {
            for (int p = 0; p < partitions; p++) {
                tps.add(new TopicPartition(t, p));
            }
        }
        return tps;
    }

    int codecs() {
        return topics.size();
    }

    void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            List<NewTopic> newTopics = topics.keySet().stream()
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(newTopics).all().get(60, TimeUnit.SECONDS);
        }
        Clients.awaitLeaders(bootstrap, topicPartitions());
    }

    /**
     * Sends records {@code fromSeq} until {@code fromSeq + count} to every topic, one producer per
     * codec; returns once all are acknowledged, or throws the first send error.
     */
    void produce(String bootstrap, long fromSeq, long count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(topics.size());
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (Map.Entry<String, CompressionType> e : topics.entrySet()) {
                results.add(pool.submit(() -> produceOne(bootstrap, e.getKey(), e.getValue(), fromSeq, count)));
            }
            for (Future<Long> f : results) {
                long acked = f.get(240, TimeUnit.SECONDS);
                if (acked != count) {
                    throw new AssertionError("acknowledged " + acked + " of " + count);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private long produceOne(String bootstrap, String topic, CompressionType codec, long fromSeq, long count)
            throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        Map<String, Object> settings = Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, codec.name,
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        try (KafkaProducer<byte[], byte[]> producer = Clients.producer(bootstrap, settings)) {
            for (long seq = fromSeq; seq < fromSeq + count && failure.get() == null; seq++) {
                producer.send(SequencedRecords.record(topic, partitions, seq), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new AssertionError(topic + " (" + codec.name + "): send failed", failure.get());
        }
        return acked.get();
    }
}
