package io.spool.broker.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.broker.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unmodified kafka-clients 4.4 producer and consumer against an in-process broker over a real socket. */
class KafkaClientsTest {
    @TempDir
    static Path dir;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.start(dir, Map.of("num.partitions", "3"));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CHECK_CRCS_CONFIG, true);
        p.putAll(extra);
        return new KafkaConsumer<>(p);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (PartitionInfo pi : c.partitionsFor(topic)) {
            out.add(new TopicPartition(topic, pi.partition()));
        }
        return out;
    }

    @Test
    void idempotentProducerWithEveryCodecThenAssignedConsumerReadsAllInOrder() throws Exception {
        String topic = "codecs";
        String[] codecs = {"none", "gzip", "lz4", "zstd", "snappy"};
        int perCodec = 2000;
        Map<Integer, List<String>> sentPerPartition = new HashMap<>();
        for (String codec : codecs) {
            try (KafkaProducer<byte[], byte[]> p = producer(Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec))) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < perCodec; i++) {
                    String v = codec + "-" + i;
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
                            v.getBytes(StandardCharsets.UTF_8));
                    r.headers().add("codec", codec.getBytes(StandardCharsets.UTF_8));
                    acks.add(p.send(r));
                    values.add(v);
                }
                for (int i = 0; i < acks.size(); i++) {
                    RecordMetadata md = acks.get(i).get(30, TimeUnit.SECONDS);
                    sentPerPartition.computeIfAbsent(md.partition(), k -> new ArrayList<>()).add(values.get(i));
                }
            }
        }
        try (KafkaConsumer<byte[], byte[]> c = consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            List<TopicPartition> tps = partitions(c, topic);
            assertEquals(3, tps.size());
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<Integer, List<String>> received = new HashMap<>();
            int total = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (total < codecs.length * perCodec && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    String v = new String(r.value(), StandardCharsets.UTF_8);
                    String codec = new String(r.headers().lastHeader("codec").value(), StandardCharsets.UTF_8);
                    assertTrue(v.startsWith(codec + "-"), v);
                    assertArrayEquals(("k" + v.substring(v.indexOf('-') + 1)).getBytes(StandardCharsets.UTF_8), r.key());
                    received.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(v);
                    total++;
                }
            }
            assertEquals(sentPerPartition, received, "every record once, in order per partition");
            Map<TopicPartition, Long> ends = c.endOffsets(tps);
            for (TopicPartition tp : tps) {
                assertEquals((long) sentPerPartition.getOrDefault(tp.partition(), List.of()).size(), ends.get(tp));
            }
        }
    }

    @Test
    void consumerBlockedInPollGetsRecordProducedLaterWithoutWaitingForMaxWait() throws Exception {
        String topic = "long-poll";
        try (KafkaProducer<byte[], byte[]> p = producer(Map.of());
             KafkaConsumer<byte[], byte[]> c = consumer(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 60_000,
                     ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 90_000))) {
            p.send(new ProducerRecord<>(topic, 0, null, "first".getBytes(StandardCharsets.UTF_8))).get();
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seek(tp, 1);
            // the consumer's fetch is now parked for up to 60 s; the record produced meanwhile must wake it
            CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    p.send(new ProducerRecord<>(topic, 0, null, "second".getBytes(StandardCharsets.UTF_8))).get();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            ConsumerRecords<byte[], byte[]> got = ConsumerRecords.empty();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = c.poll(Duration.ofSeconds(20));
            }
            later.get();
            assertEquals(1, got.count(), "the parked fetch was not woken by the append (it would wait 60 s)");
            assertEquals("second", new String(got.iterator().next().value(), StandardCharsets.UTF_8));
            // the consumer's next fetch is parked for 60 s; do not let close() wait for it
            c.close(Duration.ofMillis(200));
        }
    }

    @Test
    void listOffsetsEarliestLatestAndByTimestamp() throws Exception {
        String topic = "times";
        long base = 1_700_000_000_000L;
        try (KafkaProducer<byte[], byte[]> p = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                p.send(new ProducerRecord<>(topic, 0, base + i * 1000, null, ("v" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        try (KafkaConsumer<byte[], byte[]> c = consumer(Map.of())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            assertEquals(0L, c.beginningOffsets(List.of(tp)).get(tp));
            assertEquals(10L, c.endOffsets(List.of(tp)).get(tp));
            OffsetAndTimestamp at = c.offsetsForTimes(Map.of(tp, base + 4500)).get(tp);
            assertNotNull(at);
            assertEquals(5L, at.offset());
            assertEquals(base + 5000, at.timestamp());
            assertEquals(null, c.offsetsForTimes(Map.of(tp, base + 99_000)).get(tp));
        }
    }

    @Test
    void acksZeroAndAcksOneProducersAreAcceptedAndReadCommittedConsumerSeesEverything() throws Exception {
        String topic = "acks";
        try (KafkaProducer<byte[], byte[]> p0 = producer(Map.of(ProducerConfig.ACKS_CONFIG, "0",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
             KafkaProducer<byte[], byte[]> p1 = producer(Map.of(ProducerConfig.ACKS_CONFIG, "1",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false))) {
            for (int i = 0; i < 50; i++) {
                p0.send(new ProducerRecord<>(topic, 0, null, ("zero" + i).getBytes(StandardCharsets.UTF_8)));
            }
            p0.flush();
            p1.send(new ProducerRecord<>(topic, 0, null, "one".getBytes(StandardCharsets.UTF_8))).get();
        }
        try (KafkaConsumer<byte[], byte[]> c = consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < 51 && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
            assertEquals(51, values.size());
            assertEquals("zero0", values.get(0));
            assertEquals("one", values.get(50));
        }
    }
}
