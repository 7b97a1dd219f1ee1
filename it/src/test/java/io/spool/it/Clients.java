package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Factories for unmodified kafka-clients 4.4 clients with short, test-friendly timeouts. */
public final class Clients {
    private Clients() {
    }

    /** Producer properties: the client's defaults (acks=all, idempotence on) plus short timeouts. */
    public static Properties producerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return p;
    }

    /** Consumer properties for {@code assign()} use: no group, earliest reset, CRCs checked. */
    public static Properties consumerProps(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, "true");
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return p;
    }

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap, Map<String, Object> extra) {
        Properties p = producerProps(bootstrap);
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    public static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, Map<String, Object> extra) {
        Properties p = consumerProps(bootstrap);
        p.putAll(extra);
        return new KafkaConsumer<>(p);
    }

    public static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        return Admin.create(p);
    }

    /** Creates a topic with replication factor 1 (ignores "already exists") and waits until it serves. */
    public static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(topic, p));
        }
        awaitLeaders(bootstrap, tps);
    }

    /**
     * Returns once every partition answers ListOffsets (the consumer retries NOT_LEADER_OR_FOLLOWER):
     * Kafka's KRaft broker leads a new partition a moment after CreateTopics returns, and producing
     * into that window makes the oracle runs flaky. Immediate on Spool.
     */
    public static void awaitLeaders(String bootstrap, List<TopicPartition> tps) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, Map.of())) {
            consumer.endOffsets(tps, Duration.ofSeconds(60));
        }
    }

    /**
     * Proves the broker still serves new clients: a fresh idempotent producer appends one record to
     * partition 0 of {@code topic} and a fresh consumer reads that very record back.
     */
    public static void assertServesFreshClients(String bootstrap, String topic) throws Exception {
        byte[] value = ("still-serving-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        RecordMetadata md;
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap, Map.of())) {
            md = producer.send(new ProducerRecord<>(topic, 0, null, value)).get(60, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, Map.of())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, md.offset());
            List<ConsumerRecord<byte[], byte[]>> got = pollAtLeast(consumer, 1, Duration.ofSeconds(60));
            assertEquals(md.offset(), got.get(0).offset());
            assertArrayEquals(value, got.get(0).value());
        }
    }

    /** Polls until at least {@code n} records arrived; fails at the deadline. */
    public static List<ConsumerRecord<byte[], byte[]>> pollAtLeast(
            KafkaConsumer<byte[], byte[]> consumer, int n, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("got " + out.size() + " of " + n + " records within " + timeout);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }
}
